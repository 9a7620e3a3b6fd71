"""The profile: products and the `Vendor` record, the top of the model."""

from typing import Annotated, Any, Literal

from pydantic import Discriminator, Field, Tag

from site_builder.data.model.base import (
    Contradiction,
    Record,
    Section,
    Seq,
    Source,
    fact,
)
from site_builder.data.model.sla import (
    Downtime,
    Sla,
    Support,
)
from site_builder.data.model.terms import (
    Control,
    DataProtection,
    Exit,
    Functionality,
    Liability,
    Log4j,
    Pricing,
    Recovery,
    Security,
    TenantIsolation,
)
from site_builder.data.values import (
    IsoDate,
    Name,
    Slug,
    Text,
    Url,
)

# --- The profile ------------------------------------------------------------------------------

VendorCategory = Literal["ccaas", "wfo", "ccaas_wfo", "ucaas_cc", "cpaas"]
ProductRole = Literal["compared", "neighbour", "predecessor"]


class Product(Record):
    """A product of the vendor that facts in the profile may be about."""

    id: Slug = Field(description="Short id that facts cite with `covers:`.")
    name: Name = Field(description="Product name, e.g. 'CXone Expert'.", min_length=1)
    role: ProductRole = Field(
        "compared",
        description="compared (the contact-center or WFO product this comparison is about), neighbour "
        "(another product of the vendor: a collaboration suite, a knowledge base, a cloud platform) or "
        "predecessor (a product the compared one replaced). Facts of a neighbour or predecessor are "
        "context: shown, never scored.",
    )
    note: Text | None = fact("How this product relates to the compared one.")


# A product is a name or a record, told apart by the YAML itself (a mapping is a record), so a bad
# name reports the name's problem only; the tags are dropped from error paths (`UNION_TAGS`).
def _product_tag(value: object) -> str:
    return "<record>" if isinstance(value, (dict, Product)) else "<name>"


ProductEntry = Annotated[
    Annotated[Product, Tag("<record>")] | Annotated[Name, Tag("<name>")],
    Discriminator(_product_tag),
]
UNION_TAGS = frozenset({"<record>", "<name>"})


class Vendor(Record):
    """A vendor profile: identity and provenance are required; every other section is optional."""

    id: Slug = Field(description="Identifier; must equal the file name without `.yaml`.")
    name: Name = Field(description="Vendor's display name.", min_length=1)
    products: Seq[ProductEntry] = Field(
        description="Products of this profile: a name (a compared product), or a record with an id that "
        "facts cite with `covers:` and its role (compared, neighbour, predecessor).",
        min_length=1,
    )
    website: Url = Field(description="Vendor's website.")
    category: VendorCategory | None = fact("ccaas, wfo, ccaas_wfo, ucaas_cc or cpaas.")
    last_reviewed: IsoDate = Field(description="Date a person last checked this profile against its sources.")
    sources: Seq[Source] = Field(description="Every piece of evidence the profile cites.", min_length=1)
    contradictions: Seq[Contradiction] | None = fact("Places where sources disagree.")
    notes: Text | None = fact("Free-form Markdown about the vendor (sanitised on the site).")

    sla: Sla | None = fact("Availability commitments, credits and claims.")
    support: Support | None = fact("Support hours, channels and severity targets.")
    downtime: Downtime | None = fact("Planned maintenance and update model.")
    tenant_isolation: TenantIsolation | None = fact("Tenancy, isolation and data residency.")
    log4j: Log4j | None = fact("Response to the Log4Shell vulnerability.")
    pricing: Pricing | None = fact("Pricing model and contract commercials.")
    security: Security | None = fact("Security controls and certifications.")
    data_protection: DataProtection | None = fact("Legal handling of personal data.")
    recovery: Recovery | None = fact("Backups and disaster recovery.")
    exit: Exit | None = fact("Export, deletion and hand-over at the end.")
    liability: Liability | None = fact("Liability caps and carve-outs.")
    control: Control | None = fact("Who controls seats, access and configuration.")
    functionality: Functionality | None = fact("Modules and support scope.")

    def product_name(self, pid: str) -> str:
        """The name of the product with id `pid` (the id itself when no product has it)."""
        return next((p.name for p in self.products if isinstance(p, Product) and p.id == pid), pid)

    def compared(self, covers: tuple[str, ...] | None) -> bool:
        """Whether facts that cover `covers` are about a compared product (None: they are)."""
        if covers is None:
            return True
        roles = {p.id: p.role for p in self.products if isinstance(p, Product)}
        return any(roles.get(pid, "compared") == "compared" for pid in covers)

    def compared_view(self) -> "Vendor":
        """The profile as it stands for the compared product: sections, SLA tiers and list prices
        about another product (a neighbour, a predecessor) are left out; they are context, shown on
        the vendor page and never scored or read as answers."""
        update: dict[str, Any] = {
            name: None
            for name in SECTIONS
            if (section := getattr(self, name)) is not None and not self.compared(section.covers)
        }
        if self.sla is not None and "sla" not in update:
            tiers = tuple(t for t in self.sla.tiers if self.compared(t.covers))
            if len(tiers) != len(self.sla.tiers):
                update["sla"] = self.sla.model_copy(update={"tiers": tiers}) if tiers else None
        if self.pricing is not None and "pricing" not in update and self.pricing.list_prices:
            prices = tuple(p for p in self.pricing.list_prices if self.compared(p.covers))
            if len(prices) != len(self.pricing.list_prices):
                update["pricing"] = self.pricing.model_copy(update={"list_prices": prices})
        certs = self.security.certifications if self.security is not None else None
        if certs and "security" not in update and any(not isinstance(c, str) for c in certs):
            held = [
                c if isinstance(c, str) else c.name
                for c in certs
                if isinstance(c, str) or self.compared(c.covers)
            ]
            # only certifications of other products: the compared product's are unknown, not 'none'
            kept = tuple(dict.fromkeys(held)) or None
            update["security"] = self.security.model_copy(update={"certifications": kept})  # type: ignore[union-attr]
        return self.model_copy(update=update) if update else self

    def context_sections(self) -> dict[str, str]:
        """Section name -> words for what the section's context facts are about ('Teleopti WFM
        (predecessor)'), for sections wholly or partly about another product."""
        out: dict[str, str] = {}
        for name in SECTIONS:
            section = getattr(self, name)
            if section is not None and not self.compared(section.covers):
                out[name] = self.context_of(section.covers) or ""
        if self.sla is not None and "sla" not in out:
            other = [t for t in self.sla.tiers if not self.compared(t.covers)]
            if other:
                out["sla"] = "; ".join(f"{t.name}: {self.context_of(t.covers)}" for t in other)
        return out

    @property
    def product_names(self) -> tuple[str, ...]:
        """The names of the compared products, then the others with their role."""
        compared = [
            p if isinstance(p, str) else p.name
            for p in self.products
            if isinstance(p, str) or p.role == "compared"
        ]
        others = [
            f"{p.name} ({p.role})" for p in self.products if isinstance(p, Product) and p.role != "compared"
        ]
        return tuple(compared + others)

    def context_of(self, covers: tuple[str, ...] | None) -> str | None:
        """For facts about other products only: their names and roles in words; None when compared."""
        if self.compared(covers):
            return None
        roles = {p.id: p.role for p in self.products if isinstance(p, Product)}
        return ", ".join(f"{self.product_name(pid)} ({roles.get(pid, 'compared')})" for pid in covers or ())


def _section_fields() -> Seq[str]:
    """Names of the Vendor fields that hold a `Section`, in declaration order."""
    names = []
    for name, info in Vendor.model_fields.items():
        for arg in getattr(info.annotation, "__args__", (info.annotation,)):
            if isinstance(arg, type) and issubclass(arg, Section):
                names.append(name)
    return tuple(names)


SECTIONS: Seq[str] = _section_fields()
