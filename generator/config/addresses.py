"""The addresses in the settings: where readers suggest a correction ([site] corrections), and
where the CMS commits and is loaded from ([cms]); each checked with its line of timeline.toml."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..core.errors import Problems, one_of
from ..urls import PLACEHOLDER, is_web_address
from .toml import CONFIG_FILE, toml_line

if TYPE_CHECKING:
    from . import Config

CMS_BACKENDS = ("github", "gitlab", "gitea")
# Decap CMS, pinned: the version the tests drive, and the hash of its file as npm (and unpkg) serve it
CMS_SCRIPT = "https://unpkg.com/decap-cms@3.16.3/dist/decap-cms.js"
CMS_INTEGRITY = "sha384-A/Gdn928CNLufmnGWGs9RM4Q9o8bSNLeJERqBFrBjwzL7FRpoLT3MPF8Tl0+Wd2p"

CORRECTION_PLACEHOLDERS = ("title", "url")
_MAILTO = re.compile(r"mailto:[^@\s?/]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}(?:\?[^\n]*)?")


def check_corrections(address: str, line: int, problems: Problems) -> None:
    """[site] corrections: a mailto: or http(s) address, with {title} and {url} where the event's
    title and page address go."""
    def error(message: str, hint: str = "") -> None:
        problems.error(CONFIG_FILE, line, "site.corrections", message, hint)

    example = ('"mailto:desk@example.org?subject=Correction: {title}&body={url}" or '
               '"https://github.com/owner/name/issues/new?title=Correction: {title}&body={url}"')
    unknown = [name for name in PLACEHOLDER.findall(address) if name not in CORRECTION_PLACEHOLDERS]
    if unknown:
        error(f"unknown placeholder {{{unknown[0]}}}", "use {title} and {url}")
        return
    plain = PLACEHOLDER.sub("x", address)
    if "{" in plain or "}" in plain:
        error(f"a brace that opens or closes no placeholder in '{address}'", "use {title} and {url}")
    elif address.startswith("mailto:"):
        if not _MAILTO.fullmatch(plain):
            error(f"expected mailto:name@host, got '{address}'", example)
    elif not is_web_address(plain.replace(" ", "%20")):
        error(f"expected a mailto: or https:// address, got '{address}'", example)


# GitHub's names: an owner of letters, digits and single hyphens; a repository of letters, digits,
# '.', '_' and '-' that is not '.' or '..'
_REPO = re.compile(r"[A-Za-z0-9](?:-?[A-Za-z0-9]){0,38}/(?!\.{1,2}$)[A-Za-z0-9._-]{1,100}")
# a whole SRI hash: the digest's full length in base64 (a truncated one matches no file at all)
_INTEGRITY = re.compile(r"sha256-[A-Za-z0-9+/]{43}=|sha384-[A-Za-z0-9+/]{64}|sha512-[A-Za-z0-9+/]{86}==")
# a git branch name (git check-ref-format, in short)
_BRANCH = re.compile(r"(?!-)(?!.*\.\.)(?!.*//)(?!.*@\{)[^\s~^:?*\[\\\x00-\x1f\x7f]+(?<!\.lock)(?<![/.])")
_STATIC_SCRIPT = re.compile(r"static/(?:[A-Za-z0-9._~-]+/)*[A-Za-z0-9._~-]+\.m?js")


def check_cms(config: Config, problems: Problems, text: str) -> None:
    def error(key: str, message: str, hint: str = "") -> None:
        problems.error(CONFIG_FILE, toml_line(text, "cms", key), f"cms.{key}", message, hint)

    if config.cms_backend not in CMS_BACKENDS:
        error("backend", f"unknown backend '{config.cms_backend}'", one_of(CMS_BACKENDS))
    if config.cms_repo and not _REPO.fullmatch(config.cms_repo):
        error("repo", f"expected owner/name, got '{config.cms_repo}'")
    if not _BRANCH.fullmatch(config.cms_branch):
        error("branch", f"expected a git branch name, got '{config.cms_branch}'", 'branch = "main"')
    if config.cms_auth_url and not (config.cms_auth_url.startswith("https://") and is_web_address(config.cms_auth_url)):
        error("auth_url", f"expected the OAuth proxy's https:// address (with no user or password in it), got "
                          f"'{config.cms_auth_url}'")
    remote = config.cms_script.startswith(("https://", "http://", "//"))
    if remote and not (config.cms_script.startswith("https://") and is_web_address(config.cms_script)):
        error("script", f"expected an https:// address or a path in the site, got '{config.cms_script}'")
    elif not remote and (not _STATIC_SCRIPT.fullmatch(config.cms_script) or ".." in config.cms_script.split("/")):
        error("script", f"expected a script under static/, like static/decap/decap-cms.js, got "
                        f"'{config.cms_script}'")
    if remote and not _INTEGRITY.fullmatch(config.cms_integrity):
        error("integrity", "a CMS loaded from another site needs its hash",
              "integrity = \"sha384-...\" (the file's SRI hash), or serve the CMS from the site: "
              "script = \"static/...\"")
    if config.cms_script != CMS_SCRIPT and config.cms_integrity == CMS_INTEGRITY:
        error("script", "another CMS script, with the pinned one's hash", "give its own integrity = \"sha384-...\"")
