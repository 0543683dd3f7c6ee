"""The addresses in the settings: where readers suggest a correction ([site] corrections), and
where the CMS commits and is loaded from ([cms]); each checked with its line of timeline.toml."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Callable

from ..core.errors import Problems, one_of
from ..urls import PLACEHOLDER, is_web_address
from .toml import CONFIG_FILE, toml_line

if TYPE_CHECKING:
    from . import Config

CMS_BACKENDS = ("github", "gitlab", "gitea")
REVIEW_BACKENDS = ("github", "gitlab")  # where both CMSs have the editorial workflow (a branch and a pull request)
# The CMSs, pinned: the versions the tests drive, and the hash of each file as npm (and unpkg) serve it
CMS_PINNED = {
    "sveltia": ("https://unpkg.com/@sveltia/cms@0.221.1/dist/sveltia-cms.js",
                "sha384-JQ+XsKx/UzwdTiNnFStza3XtqqQoVtyNPApkfvwlzZDfhe7giE9CnfQrpHqgv3k6"),
    "decap": ("https://unpkg.com/decap-cms@3.16.3/dist/decap-cms.js",
              "sha384-A/Gdn928CNLufmnGWGs9RM4Q9o8bSNLeJERqBFrBjwzL7FRpoLT3MPF8Tl0+Wd2p"),
}

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
    def error(key: str, message: str, hint: str = "", at: str = "") -> None:
        """`at`: the key whose line to name when `key` itself is not set (a default that does not fit)."""
        line = toml_line(text, "cms", key) or (toml_line(text, "cms", at) if at else 0)
        problems.error(CONFIG_FILE, line, f"cms.{key}", message, hint)

    if config.cms_editor not in CMS_PINNED:
        error("editor", f"unknown editor '{config.cms_editor}'", one_of(CMS_PINNED))
        return
    if config.cms_backend not in CMS_BACKENDS:
        error("backend", f"unknown backend '{config.cms_backend}'", one_of(CMS_BACKENDS))
    elif config.cms_review and config.cms_backend not in REVIEW_BACKENDS:
        error("review", f"review by pull request needs the github or gitlab backend, not {config.cms_backend}",
              "review = false (every save goes straight to the branch)", at="backend")
    if config.cms_repo and not _REPO.fullmatch(config.cms_repo):
        error("repo", f"expected owner/name, got '{config.cms_repo}'")
    if not _BRANCH.fullmatch(config.cms_branch):
        error("branch", f"expected a git branch name, got '{config.cms_branch}'", 'branch = "main"')
    if config.cms_auth_url and not (config.cms_auth_url.startswith("https://") and is_web_address(config.cms_auth_url)):
        error("auth_url", f"expected the OAuth proxy's https:// address (with no user or password in it), got "
                          f"'{config.cms_auth_url}'")
    if config.cms_script:
        _check_script(config.cms_script, config.cms_integrity, error)
    elif config.cms_integrity:
        error("integrity", "a hash without its script", 'name the script too: script = "https://..."')


def _check_script(script: str, integrity: str, error: Callable[..., None]) -> None:
    remote = script.startswith(("https://", "http://", "//"))
    if remote and not (script.startswith("https://") and is_web_address(script)):
        error("script", f"expected an https:// address or a path in the site, got '{script}'")
    elif not remote and (not _STATIC_SCRIPT.fullmatch(script) or ".." in script.split("/")):
        error("script", f"expected a script under static/, like static/sveltia/sveltia-cms.js, got '{script}'")
    if remote and not _INTEGRITY.fullmatch(integrity):
        error("integrity", "a CMS loaded from another site needs its hash",
              "integrity = \"sha384-...\" (the file's SRI hash), or serve the CMS from the site: "
              "script = \"static/...\"")
    if any(script != pinned and integrity == pinned_hash for pinned, pinned_hash in CMS_PINNED.values()):
        error("script", "another CMS script, with the pinned one's hash", "give its own integrity = \"sha384-...\"")


_PAGES_ADDRESS = re.compile(r"https://([A-Za-z0-9-]+)\.github\.io/([A-Za-z0-9._-]+)/")


def cms_repo(config: Config) -> str:
    """The repository the CMS commits to: [cms] repo, or the one a GitHub Pages address names."""
    if config.cms_repo:
        return config.cms_repo
    pages = _PAGES_ADDRESS.match(config.base_url) if config.cms_backend == "github" else None
    return f"{pages[1]}/{pages[2]}" if pages else ""


def require_cms_repo(config: Config, problems: Problems) -> None:
    """For `timeline cms`: Sveltia CMS refuses a configuration without the repository, even to edit a
    local clone, so the file is not written without one (the build does not need it)."""
    if config.cms_editor == "sveltia" and not cms_repo(config):
        path = config.root / CONFIG_FILE
        text = path.read_text(encoding="utf-8") if path.is_file() else ""
        line = toml_line(text, "cms", "repo") or toml_line(text, None, "cms") or 1
        problems.error(CONFIG_FILE, line, "cms.repo", "Sveltia CMS needs the repository it commits to",
                       'repo = "owner/name" under [cms] (or a base_url at https://owner.github.io/name/)')


def cms_script(config: Config) -> tuple[str, str]:
    """Where the admin page loads the CMS from, and its hash: [cms] script, or the editor's pinned release."""
    if config.cms_script:
        return config.cms_script, config.cms_integrity
    return CMS_PINNED[config.cms_editor]  # a known editor: check_cms refuses any other
