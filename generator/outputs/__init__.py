"""The files made without templates: the Atom feed, the calendar and data exports, the sitemap
and robots.txt, each a page family like the HTML ones."""
