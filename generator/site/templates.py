"""Jinja for the site: the environment, a key that changes with any template, and template
mistakes turned into problems that name the template file and line."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Callable, Optional, TypeVar

import jinja2
from jinja2 import nodes
from jinja2.ext import Extension

from ..config import Config
from ..core.errors import ContentError, Problem
from ..model.timeline import slugify

T = TypeVar("T")


def make_environment(config: Config, bytecode_cache: Optional[str] = None) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=_loader(config.template_layers),
        autoescape=jinja2.select_autoescape(("html", "xml"), default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # a build never sees a template change under it (the preview makes a new environment when
        # one does), so Jinja need not look at the file again on every page it renders
        auto_reload=False,
        bytecode_cache=jinja2.FileSystemBytecodeCache(bytecode_cache) if bytecode_cache else None,
    )
    env.add_extension("jinja2.ext.i18n")
    env.add_extension(OnceExtension)
    env.newstyle_gettext = True  # {% trans %} and _() take keyword variables, which are escaped
    env.filters["status_label"] = status_label
    env.filters["slugify"] = slugify
    return env


class OnceExtension(Extension):
    """`{% once %}...{% endonce %}`: markup every page of a language shows alike (the head's
    stylesheets and feeds, the footer), rendered by the first page of a build that needs it and
    reused, as it is, by the others. Its content must not depend on the page: only the globals
    (site, urls, words...), which are the same for every page of a language's edition.

    Measured: the base template's constant parts were a third of an event page's rendering. The
    reused markup lives in the `once` global, a new dict per edition and build, so a change to the
    settings (the site's title) is never served from an earlier build's copy."""

    tags = {"once"}

    def parse(self, parser):
        token = next(parser.stream)
        body = parser.parse_statements(("name:endonce",), drop_needle=True)
        key = nodes.Const(f"{parser.name}:{token.lineno}")
        call = self.call_method("_rendered_once", [key, nodes.Name("once", "load")])
        return nodes.CallBlock(call, [], [], body).set_lineno(token.lineno)

    @staticmethod
    def _rendered_once(key: str, kept: dict, caller: Callable[[], str]) -> str:
        if key not in kept:
            kept[key] = caller()
        return kept[key]


def _loader(layers: tuple[Path, ...]) -> jinja2.BaseLoader:
    """The site's templates first, then the built-in theme's; 'theme/<name>' is always the built-in
    one, so an override can extend the template it replaces and change one block."""
    *own, builtin = (jinja2.FileSystemLoader(str(folder)) for folder in layers)
    return jinja2.ChoiceLoader([*own, jinja2.PrefixLoader({"theme": builtin}), builtin])


def templates_key(config: Config) -> str:
    """Changes whenever any template of any layer does."""
    digest = hashlib.sha1()
    for layer, folder in enumerate(config.template_layers):
        for path in sorted(folder.rglob("*")) if folder.is_dir() else []:
            if path.is_file():
                digest.update(f"{layer}:{path.relative_to(folder).as_posix()}".encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


@jinja2.pass_context
def status_label(context, status: str) -> str:
    """The `status_label` filter of templates written before the labels were translated."""
    return context["status_label"](status)


class Templates:
    """The site's templates, loaded and run with mistakes reported as ContentError."""

    def __init__(self, config: Config, env: jinja2.Environment):
        self.config, self.env = config, env

    def get(self, name: str) -> jinja2.Template:
        return self.guarded(lambda: self.env.get_template(name))

    def guarded(self, work: Callable[[], T]) -> T:
        """Run template work, turning template mistakes into problems that name the template."""
        try:
            return work()
        except jinja2.TemplateSyntaxError as exc:
            raise ContentError([Problem(self.template_path(exc.filename), exc.lineno or 0, "template",
                                        exc.message or "syntax error")]) from None
        except jinja2.TemplateNotFound as exc:  # named where it is included or extended, when a template asks
            raise ContentError([Problem(*self.template_location(exc), "template", f"missing template '{exc.name}'",
                                        "a template names others inside templates/, or the theme's as "
                                        "theme/<name>")]) from None
        except jinja2.TemplateError as exc:
            raise ContentError([Problem(*self.template_location(exc), "template", str(exc))]) from None
        except RecursionError as exc:  # a template that extends or includes itself, at some remove
            where = self.template_location(exc)
            raise ContentError([Problem(*where, "template", "extends or includes itself, round in a loop")]) from None
        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            # a template asking a filter for what it cannot do (tojson of an undefined value...):
            # the template's mistake, if it happened in a template; anything else is our bug
            where = self.template_location(exc)
            if where[1] == 0:
                raise
            raise ContentError([Problem(*where, "template", f"{type(exc).__name__}: {exc}")]) from None

    def template_path(self, filename: Optional[str]) -> str:
        """How a message names a template file: the site's by its path, the theme's as theme/<name>."""
        if not filename:
            return "templates"
        path, root, builtin = Path(filename), self.config.root, self.config.template_layers[-1]
        if builtin != self.config.templates_dir and path.is_relative_to(builtin):
            return "theme/" + path.relative_to(builtin).as_posix()
        return path.relative_to(root).as_posix() if path.is_relative_to(root) else path.as_posix()

    def template_location(self, exc: Exception) -> tuple[str, int]:
        """The innermost template frame of a runtime template error, from its traceback."""
        layers = tuple(str(folder) for folder in self.config.template_layers)
        tb, found = exc.__traceback__, ("templates", 0)
        while tb is not None:
            filename = tb.tb_frame.f_code.co_filename
            if filename.startswith(layers):
                # a frame Jinja did not rewrite (a macro called from Python, like a card) still
                # counts lines of the compiled code: map them back to the template's
                template = tb.tb_frame.f_globals.get("__jinja_template__")
                line = template.get_corresponding_lineno(tb.tb_lineno) if template is not None else tb.tb_lineno
                found = (self.template_path(filename), line)
            tb = tb.tb_next
        return found
