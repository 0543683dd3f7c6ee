/* The admin page's script, run after the CMS (Sveltia or Decap, loaded with CMS_MANUAL_INIT) and before it starts.
   It gives the CMS our entry format instead of its own YAML writer (which reorders, requotes and
   folds lines): `frontMatter` is a line-for-line twin of generator/authoring/house_style.py, held to
   the same output by the test suite, with the rules the page hands it, and `read` reads what it writes. It names a new entry's file
   as `timeline new` does (the title's first six words), and shows the preview in the site's style.
   The field list comes from the page (the schema the validator uses), never from here. */
(function (root) {
  "use strict";

  // -- the house style (house_style.py) -----------------------------------------------------------
  // Its rules come from the page (house_style.rules()): which ids go unquoted, and how many of a
  // title's words name a new file.
  var PLAIN_ID, YAML_WORDS, SLUG_WORDS;
  function useRules(rules) {
    PLAIN_ID = new RegExp("^(?:" + rules.plain_id + ")$");
    YAML_WORDS = rules.yaml_words;
    SLUG_WORDS = rules.slug_words;
  }
  // JSON.stringify already escapes lone surrogates; these it leaves bare, and YAML refuses or folds them
  var ESCAPED = /[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]/g;

  function written(shape, value) {
    if (shape === "flag") return value === true ? "true" : "false";
    if (shape === "id" && PLAIN_ID.test(value + "") && YAML_WORDS.indexOf(value) < 0) return value;
    return JSON.stringify(String(value)).replace(ESCAPED, function (c) {
      return "\\u" + ("000" + c.charCodeAt(0).toString(16)).slice(-4);
    });
  }

  function frontMatter(fields, values) {
    var lines = [];
    fields.forEach(function (field) {
      var value = values[field.name];
      if (value === undefined || value === null || value === "") return;
      if (field.shape === "items") {
        lines = lines.concat(items(field, value));
      } else if (field.shape === "ids" || field.shape === "texts") {
        var shape = field.shape === "ids" ? "id" : "text";
        lines.push(field.name + ": [" + value.map(function (v) { return written(shape, v); }).join(", ") + "]");
      } else {
        lines.push(field.name + ": " + written(field.shape, value));
      }
    });
    return lines.map(function (line) { return line + "\n"; }).join("");
  }

  function items(field, list) {
    if (!list.length) return [field.name + ": []"];
    var lines = [field.name + ":"];
    list.forEach(function (item) {
      var inner = frontMatter(field.fields, item).split("\n").slice(0, -1);
      if (!inner.length) inner = ["{}"];
      lines.push("  - " + inner[0]);
      inner.slice(1).forEach(function (line) { lines.push("    " + line); });
    });
    return lines;
  }

  function entryText(fields, values, body) {
    body = String(body || "").replace(/^\n+|\n+$/g, "");
    return "---\n" + frontMatter(fields, values) + "---\n" + (body ? "\n" + body + "\n" : "");
  }

  // -- reading the house style back (nothing else: `timeline fmt` puts any entry in it) -----------
  function NotHouseStyle(line, text) {
    return new Error("line " + line + " is not in the house style (run timeline fmt): " + text);
  }

  function scalar(shape, text) {
    if (shape === "flag") {
      if (text !== "true" && text !== "false") throw new Error(text);
      return text === "true";
    }
    if (text.charAt(0) !== "\"") {  // only a name may go unquoted, and only where YAML reads it as written
      if (shape !== "id" || !PLAIN_ID.test(text) || YAML_WORDS.indexOf(text) >= 0) throw new Error(text);
      return text;
    }
    return JSON.parse(text);
  }

  function flowList(shape, text) {
    if (text.charAt(0) !== "[" || text.charAt(text.length - 1) !== "]") throw new Error(text);
    var inside = text.slice(1, -1), result = [], token = /\s*("(?:[^"\\]|\\.)*"|[^,"]*[^,"\s])\s*(?:,|$)/y;
    if (!inside.trim()) return result;
    while (token.lastIndex < inside.length) {
      var match = token.exec(inside);
      if (!match) throw new Error(text);
      result.push(scalar(shape, match[1]));
    }
    return result;
  }

  function read(text, fields) {
    var match = /^---\n([\s\S]*?\n)?---[ \t]*(\n|$)/.exec(text.replace(/\r\n?/g, "\n"));
    if (!match) throw new Error("no front matter between --- lines");
    var data = {}, lines = (match[1] || "").split("\n").slice(0, -1), i = 0;
    function value(shape, rest) {
      try { return shape === "ids" || shape === "texts" || shape === "items" ? flowList(shape === "ids" ? "id" : "text", rest) : scalar(shape, rest); }
      catch (e) { throw NotHouseStyle(i + 2, lines[i]); }
    }
    while (i < lines.length) {
      var head = /^([a-z_]+):(?: (.*))?$/.exec(lines[i]), field = head && byName(fields, head[1]);
      if (!field) throw NotHouseStyle(i + 2, lines[i]);
      var rest = head[2] || "";
      if (field.shape === "items" && rest === "") {
        i += 1;
        data[field.name] = [];
        while (i < lines.length && lines[i].slice(0, 4) === "  - ") {
          var item = {}, first = true;
          if (lines[i] === "  - {}") i += 1;
          else {
            while (i < lines.length && lines[i].slice(0, 4) === (first ? "  - " : "    ")) {
              var pair = /^([a-z_]+): (.*)$/.exec(lines[i].slice(4)), inner = pair && byName(field.fields, pair[1]);
              if (!inner) throw NotHouseStyle(i + 2, lines[i]);
              item[inner.name] = value(inner.shape, pair[2]);
              first = false;
              i += 1;
            }
          }
          data[field.name].push(item);
        }
      } else {
        data[field.name] = value(field.shape, rest);
        i += 1;
      }
    }
    var body = text.slice(match[0].length).replace(/^\n+|\n+$/g, "");
    if (body) data.body = body;
    return data;
  }

  function byName(fields, name) {
    for (var i = 0; i < fields.length; i += 1) if (fields[i].name === name) return fields[i];
    return null;
  }

  // -- a new entry's file name, as `timeline new` makes it (model/timeline.py slugify) --------------
  function slugify(text) {
    return String(text).normalize("NFKD").replace(/\p{Mn}/gu, "").toLowerCase()
      .replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
  }

  function titleSlug(title) {
    return slugify(title).split("-").slice(0, SLUG_WORDS).join("-");
  }

  var house = { useRules: useRules, written: written, frontMatter: frontMatter, entryText: entryText, read: read,
    titleSlug: titleSlug };
  if (typeof module !== "undefined" && module.exports) {
    module.exports = house;  // the test suite runs it in node beside house_style.py
    return;
  }

  // -- the CMS ----------------------------------------------------------------------------------------
  var CMS = root.CMS, settings = JSON.parse(document.getElementById("timeline-cms").textContent);
  useRules(settings.house);
  if (!CMS) {  // blocked, offline, or not the pinned release's bytes (its integrity hash did not match)
    var note = document.createElement("p");
    note.textContent = "The editor did not load: check the connection, or whether [cms] script and integrity " +
      "in timeline.toml name the same file.";
    document.body.appendChild(note);
    return;
  }

  // A file the CMS cannot read would only vanish from its lists (Decap logs it to the console):
  // say so on the page instead, with the reason.
  var reasons = {}, banner = null;
  function unreadable(error) {
    reasons[error.message] = true;
    if (!banner) {
      banner = document.createElement("p");
      banner.setAttribute("role", "alert");
      banner.setAttribute("data-timeline", "unreadable");
      banner.style.cssText = "position:fixed;left:0;right:0;bottom:0;z-index:100000;margin:0;padding:.6rem 1rem;" +
        "background:#fff4ce;color:#3b2f00;border-top:2px solid #8a6d00;font:15px/1.4 system-ui,sans-serif";
      document.body.appendChild(banner);
    }
    var all = Object.keys(reasons);
    banner.textContent = "Some files are not listed: the editor could not read them (" + all.length +
      (all.length === 1 ? " reason" : " reasons") + "; the last: " + error.message + ").";
  }

  function format(fields, marksEntries) {
    return {
      fromFile: function (text) {
        var data;
        try {
          if (!text) throw new Error(settings.editor === "decap" ? "the local backend sent an empty file: too many " +
            "files open at once? Raise the limit (ulimit -n 65536) before starting decap-server" : "the file is empty");
          data = read(text, fields);
        } catch (error) {
          var title = /^title: (.*)$/m.exec(text || "");  // the CMS does not tell its reader which file it is
          unreadable(title ? new Error("the entry titled " + title[1] + ": " + error.message) : error);
          throw error;
        }
        if (marksEntries && isOriginal(data)) data.is_entry = true;
        (data.media || []).forEach(function (m) {  // which of the form's three kinds of media it is
          m.media_type = m.url ? "link" : m.decorative ? "decorative" : "picture";
        });
        return data;
      },
      toFile: function (data) { return entryText(fields, data, data.body); }
    };
  }

  // An entry has its date and kind (required); a translation never has either.
  function isOriginal(data) { return data.date !== undefined || data.kind !== undefined; }

  if (settings.editor === "decap") {
    CMS.registerCustomFormat("timeline-frontmatter", "md", format(settings.entry, true));
    CMS.registerCustomFormat("timeline-translation", "md", format(settings.translation, false));
    CMS.registerEventListener({ name: "preSave", handler: decapFileName });
    CMS.registerPreviewTemplate("events", createClass(preview));
  } else {
    CMS.registerCustomFormat("timeline-frontmatter", "md", sveltiaFormat());
  }
  settings.styles.forEach(function (url) { CMS.registerPreviewStyle(url); });
  CMS.init();

  // Sveltia keeps a translation as the entry's other locale, in one collection: the same reader for
  // both files (a translation's fields are some of an entry's), and the writer that a file's fields
  // call for (an original has its date; a translation never does). Sveltia gives a saved entry every
  // field of the form, a missing one at its default (`draft: true`, `tags: []`): a file that exists
  // keeps only the fields it had and those the editor filled in (`house_keys`, noted on reading, is
  // never written), and a new entry has what `timeline new` writes.
  function sveltiaFormat() {
    var reader = format(settings.entry, false);  // (a new entry's lists: the page's new_entry_lists)
    return {
      fromFile: function (text) {
        var data = reader.fromFile(text), original = isOriginal(data);
        data.house_keys = Object.keys(data).join(" ");
        (data.media || []).forEach(function (m) { if (m.src) m.src = "/" + m.src; });  // Sveltia's public path
        if (original) {  // an unset flag is false, not the form's default for a new entry
          settings.entry.forEach(function (field) {
            if (field.shape === "flag" && data[field.name] === undefined) data[field.name] = false;
          });
        }
        return data;
      },
      toFile: function (data) {
        var original = isOriginal(data), fields = original ? settings.entry : settings.translation;
        var had = data.house_keys === undefined ? null : String(data.house_keys).split(" "), kept = {};
        fields.concat([{ name: "body" }]).forEach(function (field) {
          var value = data[field.name];
          if (!isBlank(field, value) || (had ? had.indexOf(field.name) >= 0 :
            original && settings.new_entry_lists.indexOf(field.name) >= 0)) kept[field.name] = value;
        });
        (kept.media || []).forEach(function (m) { if (m.src) m.src = String(m.src).replace(/^\//, ""); });
        return entryText(fields, kept, kept.body);
      }
    };
  }

  // Nothing to write: no value, an empty list, an unset flag, or items none of whose fields (of
  // this file's kind: a translation's items copy the original's other fields) has a value
  function isBlank(field, value) {
    if (value === undefined || value === null || value === "" || value === false) return true;
    if (!Array.isArray(value)) return false;
    return value.every(function (item) {
      return field.fields && field.fields.every(function (inner) { return isBlank(inner, item[inner.name]); });
    });
  }

  function decapFileName(event) {
    var data = event.entry.get("data"), collection = event.entry.get("collection");
    if (!event.entry.get("newRecord")) return data;  // a file that exists keeps its name
    var name = collection === "events" ? data.get("slug") || titleSlug(data.get("title") || "") : data.get("original");
    if (!name) {
      throw new Error(collection === "events"
        ? "The title gives no file name (it has no Latin letters or digits): fill in Slug, e.g. g7-summit-2024"
        : "Choose the entry this translates");
    }
    return data.set("file_name", name);
  }

  function createClass(render) {
    return root.createClass({ render: function () { return render(this.props); } });
  }

  function preview(props) {
    var h = root.h, data = props.entry.get("data"), get = function (k) { return data.get(k) || ""; };
    var end = get("end") ? " – " + get("end") : "";
    return h("main", { className: "page" },
      h("article", { className: "event-page kind-" + get("kind") },
        h("header", { className: "event-header" },
          h("p", { className: "event-date" }, get("date") + end),
          h("h1", {}, get("title")),
          get("summary") ? h("p", { className: "lead" }, get("summary")) : null,
          data.get("draft") ? h("p", { className: "meta" }, h("span", { className: "badge draft" }, "Draft")) : null),
        h("div", { className: "event-main" }, h("div", { className: "prose" }, props.widgetFor("body")))));
  }
})(this);
