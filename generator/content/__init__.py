"""Reading and validating the site's sources into the model: entry files and their front matter,
the parties registry, the seed articles and the quotes cited from them."""
