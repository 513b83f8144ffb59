"""The Open Packaging Conventions layer shared by every OOXML format (xlsx, docx, pptx).

Reads content types and relationships with the hardened parser. Elements are matched by local
name, so ISO Strict packages (purl.oclc.org namespaces) read the same as Transitional ones.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from lxml import etree

from foi_guard.limits import SafeZip, parse_xml
from foi_guard.model import ContentUnit, Hidden, InspectionError


def local(tag: Any) -> str:
    """Local name of an element tag ('' for comments and processing instructions)."""
    if not isinstance(tag, str):
        return ""
    return tag.rpartition("}")[2]


def namespace(tag: str) -> str:
    return tag[1: tag.index("}")] if tag.startswith("{") else ""


def rel_id(element: etree._Element, name: str = "id") -> str | None:
    """The r:id (or r:<name>) attribute, whichever relationships namespace the file uses."""
    for key, value in element.attrib.items():
        if key.startswith("{") and key.endswith("}" + name) and "relationships" in key:
            return value
    return None


def texts(element: etree._Element, tag: str = "t") -> str:
    """All text of descendant elements with local name `tag`, joined."""
    return "".join(t.text or "" for t in element.iter(f"{{*}}{tag}"))


@cache
def rel_kind(rel_type: str) -> str:
    """'worksheet' for any spelling of the worksheet relationship type, and so on."""
    return rel_type.rstrip("/").rpartition("/")[2]


@dataclass(slots=True, frozen=True)
class Relationship:
    id: str
    kind: str
    target: str          # resolved part name, or the raw target when external
    external: bool


class Package:
    """An OOXML package: parts by name, their content types and relationships."""

    def __init__(self, zf: SafeZip) -> None:
        self.zip = zf
        self._rels: dict[str, list[Relationship]] = {}
        if not zf.has("[Content_Types].xml"):
            raise InspectionError("not an OOXML package: [Content_Types].xml is missing")
        self.defaults, self.overrides = self._content_types()

    def _content_types(self) -> tuple[dict[str, str], dict[str, str]]:
        root = parse_xml(self.zip.read("[Content_Types].xml"), "[Content_Types].xml")
        defaults: dict[str, str] = {}
        overrides: dict[str, str] = {}
        for el in root:
            kind = local(el.tag)
            ctype = (el.get("ContentType") or "").strip().lower()
            if kind == "Default" and el.get("Extension"):
                defaults[el.get("Extension", "").lower()] = ctype
            elif kind == "Override" and el.get("PartName"):
                overrides[el.get("PartName", "").lstrip("/").lower()] = ctype
        return defaults, overrides

    def parts(self) -> list[str]:
        return self.zip.names()

    def content_type(self, part: str) -> str:
        found = self.overrides.get(part.lower())
        if found is not None:
            return found
        ext = part.rpartition(".")[2].lower() if "." in part.rpartition("/")[2] else ""
        return self.defaults.get(ext, "")

    def xml(self, part: str) -> etree._Element:
        return parse_xml(self.zip.read(part), part)

    def rels(self, part: str) -> list[Relationship]:
        """Relationships whose source is `part` ('' for the package itself)."""
        if part in self._rels:
            return self._rels[part]
        folder, _, name = part.rpartition("/")
        rels_part = posixpath.join(folder, "_rels", name + ".rels") if part else "_rels/.rels"
        found: list[Relationship] = []
        if self.zip.has(rels_part):
            for el in self.xml(rels_part):
                if local(el.tag) != "Relationship":
                    continue
                target = el.get("Target") or ""
                external = (el.get("TargetMode") or "").lower() == "external"
                resolved = target if external else resolve_target(folder, target)
                found.append(Relationship(el.get("Id") or "", rel_kind(el.get("Type") or ""),
                                          resolved, external))
        self._rels[part] = found
        return found

    def rel_targets(self, part: str, kind: str) -> list[Relationship]:
        return [r for r in self.rels(part) if r.kind == kind]

    def main_part(self) -> str:
        for rel in self.rels(""):
            if rel.kind == "officeDocument" and not rel.external:
                return rel.target
        raise InspectionError("not an OOXML document: no officeDocument relationship")


def resolve_target(folder: str, target: str) -> str:
    """Resolve a relationship target against its source part's folder, as a zip member name."""
    from urllib.parse import unquote

    target = unquote(target.split("#", 1)[0])
    path = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
    normal = posixpath.normpath(path)
    return "" if normal == "." else normal.lstrip("/")


LINK_KINDS = ("hyperlink", "oleObject", "image", "package", "subDocument", "frame", "video",
              "audio", "media")


def external_targets(pkg: Package, part: str) -> Iterator[ContentUnit]:
    """Targets of a part's external links (a `mailto:` address behind link text, a linked file's
    path on someone's drive): never shown as text, so hidden."""
    if part.lower().endswith(".rels"):
        return
    for rel in pkg.rels(part):
        if rel.external and rel.kind in LINK_KINDS and rel.target.strip():
            yield ContentUnit(rel.target, part, (Hidden.HIDDEN_TEXT,),
                              detail=f"{rel.kind} target")
