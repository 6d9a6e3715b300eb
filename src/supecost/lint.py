"""Catalog lint: prices that validate but are probably wrong.

A catalog can be perfectly valid and still sell a set dearer than singles,
or list a tax-included price in a tax-excluded catalog. Each check is a
:class:`LintRule` with a stable id (``SC001``...) and a slug;
:func:`lint_catalog` returns a :class:`LintFinding` for every problem, with
the field path it concerns, a stable message key and the values found
(amounts, counts, ids). This module chooses no words: a finding and a rule's
explanation are put into Japanese or English when they are rendered, from the
one message table (:func:`supecost.present.format_findings`,
:func:`supecost.present.lint_text`, :func:`supecost.present.rule_explanation`).

>>> from supecost.catalog import reference_catalog
>>> for finding in lint_catalog(reference_catalog()):
...     print(finding.rule.severity, finding)
notice SC013 offers[0]: prepaid_no_expiry
notice SC023 clinic.contact: advert_no_contact
notice SC023 treatments[1].typical_course: advert_no_course
notice SC023 treatments[1].risks: advert_no_risks
notice SC023 treatments[1].unapproved: advert_no_unapproved
notice SC023 treatments[0].obtained: advert_no_obtained
notice SC023 treatments[0].domestic_equivalent: advert_no_equivalent
notice SC023 treatments[0].foreign_safety: advert_no_foreign_safety

Most rules flag likely mistakes (``warning``); a few flag what the clinic should
check (``notice``), such as a set without expiry that may be a prepaid payment
instrument under 資金決済法 (SC013), or a price page lacking what the
medical advertising guidelines ask of it beside self-pay prices (SC023).

Prices that are ranges are compared with care: a rule about prices being
out of line fires only when the problem is certain (it holds for every
price the ranges allow), while a rule about a risk fires when the problem
is possible; each rule's explanation says which.

A rule can be switched off for one catalog, with a reason: pass
``disabled={"SC003": "the plan includes a free check-up"}``, or in a file add::

    [lint]
    disable = [{ rule = "SC003", reason = "the plan includes a free check-up" }]
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from difflib import SequenceMatcher
from fractions import Fraction
from itertools import pairwise
from pathlib import Path
from statistics import median
from typing import Any, Final, Literal, NoReturn, TypeAlias

from supecost.catalog import (
    WORDED_SEGMENTS,
    AnyOffer,
    Bundle,
    Catalog,
    Charged,
    Dose,
    FrozenMapping,
    Intro,
    Ladder,
    Locator,
    Package,
    SharedSet,
    Subscription,
    Treatment,
    dose_amount,
    offer_treatments,
    parse_catalog_data,
    plan_cost,
    read_catalog_file,
    validate_catalog,
)
from supecost.errors import CatalogError, CatalogProblem, excerpt, refuses_changes
from supecost.money import Rounding, YenRange, round_fraction
from supecost.rates import check_terms_apr, interest_limit_tier
from supecost.tax import TaxCategory, tax_on_excluded, tax_rate

__all__ = [
    "RULES",
    "LintFinding",
    "LintKey",
    "LintRule",
    "LintValue",
    "Severity",
    "lint_catalog",
    "lint_file",
    "rule",
    "validate_file",
]


Severity: TypeAlias = Literal["warning", "notice"]
"""How a finding reads: a likely mistake (``warning``) or something to check (``notice``)."""

LintKey: TypeAlias = Literal[
    "bundle_dearer",
    "bundle_dominated",
    "plan_dearer",
    "intro_above",
    "intro_whole_above",
    "combo_dearer",
    "discount_over_session",
    "discount_over_offer",
    "discount_over_bill",
    "discount_over_min_amount",
    "combo_saving_over",
    "typical_outside",
    "bundle_outlasts",
    "unit_ticket_outlasts",
    "range_too_wide",
    "looks_tax_included",
    "dose_inverted",
    "dose_step",
    "prepaid_no_expiry",
    "prepaid_long",
    "prepaid_no_expiry_units",
    "prepaid_long_units",
    "prepaid_no_expiry_package",
    "prepaid_long_package",
    "prepaid_intro_whole",
    "prepaid_long_intro",
    "segment_price_above",
    "segment_saving_below",
    "extra_unit_dearer",
    "combo_names_one_treatment",
    "package_dearer",
    "package_intro_above",
    "ladder_step_dearer",
    "ladder_first_not_single",
    "intro_dominated",
    "fee_group_of_one",
    "advert_no_contact",
    "advert_no_course",
    "advert_no_period",
    "advert_no_risks",
    "advert_no_unapproved",
    "advert_no_obtained",
    "advert_no_equivalent",
    "advert_no_foreign_safety",
    "extra_unit_no_segment_price",
    "ladder_extra_unit_unpriced",
    "revisit_every_visit",
    "revisit_every_visit_v1",
    "combo_same_treatments",
    "goods_kind_rate",
    "goods_reduced_no_kind",
    "offer_every_dose",
    "intro_whole_below_single",
    "enrollment_campaign_not_lower",
    "first_n_without_per_patient",
    "first_month_not_lower",
    "plan_discount_every_month",
    "unit_ticket_one_unit",
    "unit_ticket_by_amount",
    "unit_ticket_every_dose",
    "unit_ticket_every_dose_amount",
    "dose_unnamed",
    "without_combos_no_combo",
    "member_price_under_ladder",
    "without_first_time_none",
    "without_offers_none",
    "dose_units_uncounted",
    "dated_discount_on_unit_ticket",
    "not_with_its_only_targets",
    "ladder_within_first",
    "ladder_within_not_lower",
    "segment_unnamed",
    "loan_above_interest_tier",
    "shared_above_single",
    "gift_in_name_only",
    "top_up_above_single",
    "upgrade_above_single",
    "unit_ticket_holds_none",
    "unit_ticket_leftover",
    "ladder_as_price_change",
]
"""What a finding says, as a stable key; its words are the message ``lint_<key>`` of each locale.

``typing.get_args(LintKey)`` lists them all, in rule order.
"""

LintValue: TypeAlias = int | str | YenRange | tuple[YenRange, ...] | tuple[str, ...] | None
"""A value a finding carries.

An amount of yen is a :class:`~supecost.money.YenRange` (one amount is an exact
range), several amounts a tuple of them; a count or a number (sessions, months,
a tax rate in percent) an ``int``; an id, a dose's reference or a dose's amount
with its unit (``2cc``) is catalog text, a ``str``, and several ids (the
treatments one notice names) a tuple of them; ``None`` is a value the catalog
leaves out, such as a dose unit. A value named ``<name>_en`` is the English of
``<name>`` (``dose_unit_en``; ``2 vials`` for ``2本``), which English text uses
where the catalog gives it.
"""


@refuses_changes
@dataclass(frozen=True, slots=True)
class LintRule:
    """A lint check: a stable id, a stable slug and a severity.

    Its one-line explanation is words, in the message table under
    ``lint_rule_<id>`` (:func:`supecost.present.rule_explanation`).

    Example:
        >>> rule("SC001").name
        'bundle-dearer-than-singles'

    Args:
        id: The stable id, ``SC`` and three digits; never reused for another check.
        name: The stable slug, accepted wherever the id is.
        severity: ``"warning"`` for a likely mistake, ``"notice"`` for something the
            clinic should check (a notice alone does not make ``catalog lint`` fail).
    """

    id: str
    name: str
    severity: Severity = "warning"


@refuses_changes
@dataclass(frozen=True, slots=True)
class LintFinding:
    """One problem found: the rule, the field path, what was found as a key and its values.

    Words are chosen when it is rendered (:func:`supecost.present.lint_text`), so
    the same finding reads in Japanese or English.

    Example:
        >>> finding = LintFinding.of(rule("SC009"), "fees[0].price", "range_too_wide",
        ...                          price=YenRange(100, 5_000))
        >>> finding.values["price"]
        YenRange(min=100, max=5000)
        >>> print(finding)
        SC009 fees[0].price: range_too_wide

    Args:
        rule: The rule that found it.
        path: The field path, such as ``offers[2].price``.
        key: What was found (:data:`LintKey`).
        values: The figures and ids it concerns, by name (:data:`LintValue`).
    """

    rule: LintRule
    path: str
    key: LintKey
    values: FrozenMapping[str, LintValue]

    @classmethod
    def of(cls, rule: LintRule, path: str, key: LintKey, /, **values: LintValue) -> LintFinding:
        """A finding with its values given by name.

        Example:
            >>> LintFinding.of(rule("SC008"), "offers[0].sessions", "bundle_outlasts",
            ...                sessions=30, months=6, weekly=27).values["weekly"]
            27

        Args:
            rule: The rule that found it.
            path: The field path.
            key: What was found.
            **values: The values, by name.

        Returns:
            The finding.
        """
        return cls(rule, path, key, FrozenMapping(values))

    def __str__(self) -> str:
        # Without words: the id, the path and the key; a locale's sentence is rendering's job.
        return f"{self.rule.id} {self.path}: {self.key}"


_Found: TypeAlias = tuple[str, LintKey, dict[str, LintValue]]
"""What a check yields: the field path, the key, and the values."""


RULES: Final = (
    LintRule("SC001", "bundle-dearer-than-singles"),
    LintRule("SC002", "bundle-dominated"),
    LintRule("SC003", "plan-dearer-than-singles"),
    LintRule("SC004", "intro-above-regular"),
    LintRule("SC005", "combo-dearer-than-parts"),
    LintRule("SC006", "discount-below-zero"),
    LintRule("SC007", "typical-outside-range"),
    LintRule("SC008", "bundle-outlasts-validity"),
    LintRule("SC009", "range-too-wide"),
    LintRule("SC010", "looks-tax-included"),
    LintRule("SC011", "dose-price-inverted"),
    LintRule("SC012", "dose-step-out-of-line"),
    LintRule("SC013", "set-may-be-prepaid-instrument", "notice"),
    LintRule("SC014", "segment-price-above-regular"),
    LintRule("SC015", "extra-unit-dearer"),
    LintRule("SC016", "names-nothing-sold"),
    LintRule("SC017", "package-dearer-than-contents"),
    LintRule("SC018", "package-intro-above-list"),
    LintRule("SC019", "ladder-step-dearer"),
    LintRule("SC020", "ladder-first-step-not-single-price"),
    LintRule("SC021", "intro-dominated"),
    LintRule("SC022", "fee-group-of-one"),
    LintRule("SC023", "advertising-incomplete", "notice"),
    LintRule("SC024", "extra-unit-without-segment-price"),
    LintRule("SC025", "ladder-extra-unit-without-price"),
    LintRule("SC026", "return-visit-fee-every-visit"),
    LintRule("SC027", "combos-over-same-treatments"),
    LintRule("SC028", "goods-rate-disagrees-with-kind"),
    LintRule("SC029", "reduced-goods-without-kind", "notice"),
    LintRule("SC030", "offer-serves-every-dose"),
    LintRule("SC031", "intro-set-below-single"),
    LintRule("SC032", "enrollment-campaign-not-lower"),
    LintRule("SC040", "first-n-without-per-patient", "notice"),
    LintRule("SC041", "first-month-not-lower"),
    LintRule("SC042", "new-patient-plan-discount-every-month", "notice"),
    LintRule("SC045", "unit-ticket-one-unit-a-visit", "notice"),
    LintRule("SC046", "unit-ticket-every-dose"),
    LintRule("SC050", "dose-without-unit-or-name"),
    LintRule("SC051", "not-with-combos-without-combos", "notice"),
    LintRule("SC052", "member-price-under-ladder"),
    LintRule("SC053", "not-with-what-is-not-sold", "notice"),
    LintRule("SC054", "dose-units-without-count-unit", "notice"),
    LintRule("SC055", "dated-discount-on-unit-ticket-treatment"),
    LintRule("SC056", "discount-not-with-its-only-targets"),
    LintRule("SC057", "ladder-within-days-idle"),
    LintRule("SC060", "segment-without-name", "notice"),
    LintRule("SC061", "loan-above-interest-limit-tier", "notice"),
    LintRule("SC062", "shared-set-above-single"),
    LintRule("SC063", "gift-in-name-only"),
    LintRule("SC064", "top-up-above-single", "notice"),
    LintRule("SC065", "upgrade-above-singles"),
    LintRule("SC066", "unit-ticket-too-small-for-dose", "notice"),
    LintRule("SC067", "ladder-as-price-change"),
)
"""Every rule, in id order."""

_BY_KEY: Final = {key: item for item in RULES for key in (item.id, item.name)}


def rule(key: str) -> LintRule:
    """The rule with this id or slug.

    Example:
        >>> rule("range-too-wide").id
        'SC009'

    Args:
        key: An id such as ``SC003`` or a slug such as ``plan-dearer-than-singles``.

    Returns:
        The rule.

    Raises:
        CatalogError: No rule has that id or slug.
    """
    found = _BY_KEY.get(key.strip())
    if found is None:
        close = _guess(key.strip())
        guess = f"did you mean {close!r}? " if close else ""
        known = ", ".join(f"{item.id} ({item.name})" for item in RULES)
        raise CatalogError(
            [
                CatalogProblem(
                    "lint",
                    f"unknown lint rule {excerpt(key)}; {guess}the rules are {known}",
                    code="value.lint_rule",
                    params=(
                        ("got", excerpt(key)),
                        ("close", repr(close) if close else ""),
                        ("known", known),
                    ),
                )
            ]
        )
    return found


def _guess(key: str) -> str | None:
    """The one id or slug closest to a mistyped one; none when two are as close ("SC099")."""
    # Ids differ by a digit or two, so only a close and unambiguous guess helps.
    scores = sorted(
        (max(SequenceMatcher(None, wanted, known).ratio() for wanted in (key, key.upper())), known)
        for known in _BY_KEY
    )
    (second, _), (best, known) = scores[-2:]
    return known if best >= 0.8 and best > second else None


_MAX_BUNDLES_FOR_DOMINANCE: Final = 20
"""SC002 is skipped for a treatment with more bundles than this; the check grows as their square."""

_DAYS_PER_MONTH: Final = Fraction(1461, 48)
"""An average month, 365.25 / 12 days."""


# ---------------------------------------------------------------------------
# Figures: a finding's amounts are values; a fraction of a yen is rounded here, once.


def _exact(amount: int) -> YenRange:
    return YenRange.exact(amount)


def _rounded(amount: Fraction, rounding: Rounding) -> YenRange:
    """A computed amount in whole yen, rounded the way its sentence needs."""
    return YenRange.exact(round_fraction(amount, rounding))


# ---------------------------------------------------------------------------
# The rules


def _span(prices: Sequence[YenRange]) -> YenRange:
    """One range from the lowest low end to the highest high end (open if any is)."""
    highs = [price.max for price in prices]
    high = None if any(h is None for h in highs) else max(h for h in highs if h is not None)
    return YenRange(min(price.min for price in prices), high)


def _single(catalog: Catalog, ref: str) -> YenRange:
    """The single price of what a reference names.

    A treatment or a dose (``tid:dose``) has one price; a dosed treatment named
    alone means any of its doses, so its price spans theirs: "certain" rules
    then hold for every dose, "possible" ones for at least one.
    """
    found = catalog.treatment(ref)
    if found.price is not None:
        return found.price
    return _span([dose.price for dose in found.doses])


def _bundle_dearer(catalog: Catalog) -> Iterator[_Found]:
    for index, offer in enumerate(catalog.offers):
        if not isinstance(offer, Bundle):
            continue
        single = _single(catalog, offer.treatment)
        if _bundle_certainly_dearer(offer, single):
            # Rounded down, so "at least this much a session" stays true.
            per_session = _rounded(Fraction(offer.price.min, offer.sessions), Rounding.FLOOR)
            yield (
                f"offers[{index}].price",
                "bundle_dearer",
                {
                    "sessions": offer.sessions,
                    "price": offer.price,
                    "per_session": per_session,
                    "single": single,
                },
            )


def _bundle_certainly_dearer(offer: Bundle, single: YenRange) -> bool:
    # Cross-multiplied, so the per-session comparison stays exact in whole yen.
    return single.max is not None and offer.price.min > single.max * offer.sessions


def _cover_costs(options: Sequence[tuple[int, int]], limit: int) -> list[int | None]:
    """The cheapest cost of at least ``n`` sessions for each ``n`` up to ``limit``.

    ``options`` are (sessions, price) pairs, each usable any number of times;
    ``None`` where nothing covers the count.
    """
    costs: list[int | None] = [0] + [None] * limit
    for count in range(1, limit + 1):
        best: int | None = None
        for sessions, price in options:
            before = costs[max(0, count - sessions)]
            if before is not None and (best is None or before + price < best):
                best = before + price
        costs[count] = best
    return costs


def _bundle_dominated(catalog: Catalog) -> Iterator[_Found]:
    # Sets are compared with the other sets for the same treatment or dose; a dosed
    # treatment's singles span its doses, which keeps a finding true for every dose.
    # A unit ticket (本数券) pays further units too, which no set of visits does: it is
    # neither dominated by sets nor dominates them, so only sets of visits are compared.
    visits = [o for o in catalog.offers if isinstance(o, Bundle) and not o.counts_units]
    refs = dict.fromkeys(o.treatment for o in visits)
    for ref in refs:
        single = _single(catalog, ref)
        own = [
            (index, offer)
            for index, offer in enumerate(catalog.offers)
            if isinstance(offer, Bundle) and not offer.counts_units and offer.treatment == ref
        ]
        if len(own) > _MAX_BUNDLES_FOR_DOMINANCE:
            continue
        limit = 2 * max(offer.sessions for _, offer in own)
        for index, offer in own:
            if _bundle_certainly_dearer(offer, single):
                continue
            # Only sets every patient can buy whenever this one is on sale stand in for it:
            # a campaign for the first N patients, or one on sale for a while, does not.
            beside = [
                other for _, other in own if other is not offer and _always_beside(other, offer)
            ]
            # With this bundle, the same sets at their lowest: the best case for the bundle.
            # Both sides assume the same day: a campaign set on the rest of the course
            # would save as much beside the mix, so it never makes this set save.
            lowest = [(1, single.min)] + [(o.sessions, o.price.min) for o in (offer, *beside)]
            cheapest_low = _cover_costs(lowest, limit)
            # Without it, the others at their highest: the worst case for the mix.
            highest = [
                (other.sessions, other.price.max) for other in beside if other.price.max is not None
            ]
            if single.max is not None:
                highest.append((1, single.max))
            mix = _cover_costs(highest, limit)
            if all(
                _never_dearer(mix[count], offer.price.min, cheapest_low, count, offer.sessions)
                for count in range(1, limit + 1)
            ):
                yield (
                    f"offers[{index}]",
                    "bundle_dominated",
                    {"sessions": offer.sessions, "price": offer.price, "limit": limit},
                )


def _never_dearer(
    mix: int | None, price: int, cheapest: list[int | None], count: int, sessions: int
) -> bool:
    rest = cheapest[max(0, count - sessions)]
    # ``rest`` always exists: singles cover any count at their lowest price.
    assert rest is not None
    return mix is not None and mix <= price + rest


def _plan_dearer(catalog: Catalog) -> Iterator[_Found]:
    for index, offer in enumerate(catalog.offers):
        if not isinstance(offer, Subscription):
            continue
        single = _single(catalog, offer.treatment)
        if single.max is None:
            continue
        sessions = offer.sessions_per_month * offer.min_months
        # A first-month price is left out: only a first enrollment gets it (and only a new
        # patient's, or one in its window, where it says so); every later one pays the fee.
        term = plan_cost(offer.monthly_fee.min, offer.min_months, offer.enrollment_fee.min)
        as_singles = single.max * sessions
        if term > as_singles:
            yield (
                f"offers[{index}]",
                "plan_dearer",
                {
                    "months": offer.min_months,
                    "term": _exact(term),
                    "sessions": sessions,
                    "singles": _exact(as_singles),
                },
            )


def _intro_above(catalog: Catalog) -> Iterator[_Found]:
    for index, offer in enumerate(catalog.offers):
        if not isinstance(offer, Intro):
            continue
        single = _single(catalog, offer.treatment)
        if single.max is None:
            continue
        if offer.sold_whole and offer.sessions > 1:
            # A set sold whole is weighed against its sessions bought singly.
            singles = single.max * offer.sessions
            if offer.price.min > singles:
                yield (
                    f"offers[{index}].price",
                    "intro_whole_above",
                    {"price": offer.price, "sessions": offer.sessions, "singles": _exact(singles)},
                )
        elif offer.price.min > single.max:
            yield (
                f"offers[{index}].price",
                "intro_above",
                {"price": offer.price, "single": single},
            )


def _plan_price_not_lower(
    catalog: Catalog,
    field: Literal["enrollment_campaign", "first_month"],
    key: LintKey,
    regular: Callable[[Subscription], YenRange],
) -> Iterator[_Found]:
    # A plan's price lowered for a while or for its first enrollment: one at the regular
    # price or above at every price the ranges allow changes nothing, or charges more.
    for index, offer in enumerate(catalog.offers):
        if not isinstance(offer, Subscription) or getattr(offer, field) is None:
            continue
        lowered: YenRange = getattr(offer, field).price
        fee = regular(offer)
        if fee.max is not None and lowered.min >= fee.max:
            yield (f"offers[{index}].{field}.price", key, {"price": lowered, "fee": fee})


def _enrollment_campaign_not_lower(catalog: Catalog) -> Iterator[_Found]:
    # 入会金無料・半額: most likely the two prices are swapped or the fee is missing.
    return _plan_price_not_lower(
        catalog,
        "enrollment_campaign",
        "enrollment_campaign_not_lower",
        lambda plan: plan.enrollment_fee,
    )


def _first_month_not_lower(catalog: Catalog) -> Iterator[_Found]:
    # 初月無料・半額: most likely the two prices are swapped.
    return _plan_price_not_lower(
        catalog, "first_month", "first_month_not_lower", lambda plan: plan.monthly_fee
    )


def _plan_discount_every_month(catalog: Catalog) -> Iterator[_Found]:
    # A discount for new patients naming a monthly plan comes off every month's fee; a
    # menu's 初月半額 means the first month only, which is the plan's first_month. The
    # catalog may mean either, so this is a notice, reported at the discount.
    plans = {o.id for o in catalog.offers if isinstance(o, Subscription)}
    for index, discount in enumerate(catalog.discounts):
        named = [offer for offer in discount.offers if offer in plans]
        if discount.new_patients_only and named:
            yield (
                f"discounts[{index}].offers",
                "plan_discount_every_month",
                {"plan": named[0]},
            )


def _unit_ticket_one_unit(catalog: Catalog) -> Iterator[_Found]:
    # A set counted in units on a treatment sold one unit a visit pays a visit per unit:
    # it is a set of sessions, and the price list calls it a 本数券 for nothing.
    # A ticket counting its doses' amount uses a dose's amount a visit: one unit a visit
    # only where every dose it serves is one; a ticket counting units on doses of whole
    # amounts, not all one, is most likely meant to count them (1A / 2A / 3A on a 30本券).
    for index, offer in enumerate(catalog.offers):
        if isinstance(offer, Bundle) and offer.counts_units:
            if _most_units_a_visit(catalog, offer) > 1:
                continue
            treatment = catalog.treatment(_base(offer.treatment))
            found = {"offer": offer.id, "treatment": treatment.id}
            if offer.counts == "units" and _counts_amount_fits(catalog, offer):
                if ":" in offer.treatment or len(treatment.doses) == 1:
                    # On several doses with none named, SC046 gives this advice.
                    yield (
                        f"offers[{index}].counts",
                        "unit_ticket_by_amount",
                        {
                            **found,
                            "setting": _COUNTS_AMOUNT,
                            "field": "counts",
                            **_amount_example(catalog, offer),
                        },
                    )
                continue
            yield (
                f"offers[{index}].counts",
                "unit_ticket_one_unit",
                {**found, "setting": f'counts = "{offer.counts}"'},
            )


_COUNTS_AMOUNT: Final = 'counts = "amount"'
"""The setting of a unit ticket counting its doses' amount, as lint's advice writes it."""


def _counts_amount_fits(catalog: Catalog, offer: Bundle) -> bool:
    """Whether a ticket counting units could count its doses' amount instead
    (``counts = "amount"``): it serves doses of whole amounts, not every one of them 1, and
    holds a visit of the largest (a 10-unit ticket on doses of 100 mg counts no mg)."""
    base, _, dose_id = offer.treatment.partition(":")
    served = [d for d in catalog.treatment(base).doses if not dose_id or d.id == dose_id]
    whole = all(float(dose.amount).is_integer() for dose in served)
    largest = max((dose.amount for dose in served), default=1)
    return whole and largest > 1 and offer.sessions >= largest


def _amount_example(catalog: Catalog, offer: Bundle) -> dict[str, LintValue]:
    """The largest dose a ticket serves, as the example of counting the doses' amount that
    lint's advice gives (「3 for 3A」): the catalog's own dose, never a fixed one."""
    base, _, dose_id = offer.treatment.partition(":")
    treatment = catalog.treatment(base)
    served = [d for d in treatment.doses if not dose_id or d.id == dose_id]
    largest = max(served, key=lambda dose: dose.amount)
    # The ticket's units in the treatment's words (本, else 単位): a mg menu counts no 本.
    counted = treatment.counted_unit
    return {
        "example_unit": None if counted is None else counted[0],
        "example_unit_en": None if counted is None else counted[2] or counted[1],
        "example_amount": int(largest.amount),
        "example_dose": dose_amount(treatment, largest),
        "example_dose_en": dose_amount(treatment, largest, english=True),
    }


def _unit_ticket_every_dose(catalog: Catalog) -> Iterator[_Found]:
    # A unit ticket on a dosed treatment with no dose named holds units of whichever dose
    # a visit takes (docs/catalog.md, "Unit tickets"): a unit of the largest dose costs
    # the same as one of the smallest, which a menu rarely means (1A / 2A / 3A券).
    # A ticket counting the doses' amount serves every dose by its amount: nothing to say.
    for index, offer in enumerate(catalog.offers):
        if isinstance(offer, Bundle) and offer.counts == "units" and ":" not in offer.treatment:
            treatment = catalog.treatment(offer.treatment)
            if len(treatment.doses) > 1:
                found: dict[str, LintValue] = {
                    "offer": offer.id,
                    "treatment": treatment.id,
                    "suggest": f"{treatment.id}:{treatment.doses[0].id}",
                }
                if _counts_amount_fits(catalog, offer):
                    found["setting"] = _COUNTS_AMOUNT
                    found |= _amount_example(catalog, offer)
                    yield (f"offers[{index}].treatment", "unit_ticket_every_dose_amount", found)
                else:
                    yield (f"offers[{index}].treatment", "unit_ticket_every_dose", found)


def _first_n_without_per_patient(catalog: Catalog) -> Iterator[_Found]:
    # A set or package for the first N patients (先着N名様) is one per patient on most
    # menus, but DOMAIN.md does not say so: without per_patient the engine may sell one
    # patient several of the places, so the catalog should say which it means.
    for index, offer in enumerate(catalog.offers):
        if (
            isinstance(offer, Bundle | Package | SharedSet)
            and offer.first_n
            and offer.per_patient is None
        ):
            yield (
                f"offers[{index}].first_n",
                "first_n_without_per_patient",
                {"places": offer.first_n},
            )


def _intro_whole_below_single(catalog: Catalog) -> Iterator[_Found]:
    # A set of several sessions sold whole for less than one session's single price most
    # likely has its price written per session (33,333 for a 100,000 set of three): the
    # engine would sell all of them for that one price.
    for index, offer in enumerate(catalog.offers):
        if not (isinstance(offer, Intro) and offer.sold_whole and offer.sessions > 1):
            continue
        single = _single(catalog, offer.treatment)
        if offer.price.max is not None and offer.price.max < single.min:
            yield (
                f"offers[{index}].sold_whole",
                "intro_whole_below_single",
                {"price": offer.price, "sessions": offer.sessions, "single": single},
            )


def _combo_dearer(catalog: Catalog) -> Iterator[_Found]:
    for index, combo in enumerate(catalog.combos):
        if combo.price is None:
            continue
        parts = [_single(catalog, ref).max for ref in combo.treatments]
        if any(part is None for part in parts):
            continue
        total = sum(part for part in parts if part is not None)
        if combo.price.min > total:
            yield (
                f"combos[{index}].price",
                "combo_dearer",
                {"price": combo.price, "parts": _exact(total)},
            )


def _unit_floor(offer: AnyOffer) -> int:
    """The lowest price of one unit of an offer: a set, a month of a plan, a first session."""
    if isinstance(offer, Ladder):
        return min(step.price.min for step in offer.steps)
    return offer.monthly_fee.min if isinstance(offer, Subscription) else offer.price.min


def _meets(base: str, refs: Sequence[str]) -> bool:
    """Whether ``refs`` include what an option's base names (a treatment alone: any dose)."""
    return any(ref == base or (":" not in base and ref.startswith(f"{base}:")) for ref in refs)


def _smallest_bill(catalog: Catalog) -> tuple[int, tuple[str, ...]]:
    """The lowest bill a request can be quoted before fees, and the treatments it buys.

    A bill-wide discount comes off what is bought, before fees, so only what
    can be bought alone counts: a treatment's or dose's cheapest session (single,
    first-time, one set or a plan's month, a ladder's step), or a package. An
    option (``only_with``) is never bought alone: its bill holds one of its base
    treatments too, at that one's cheapest.
    """
    cheapest = {t.id: _single(catalog, t.id).min for t in catalog.treatments}
    for offer in catalog.offers:
        if not isinstance(offer, Package | SharedSet):
            base = offer.treatment.partition(":")[0]
            cheapest[base] = min(cheapest[base], _unit_floor(offer))

    def with_bases(bought: Sequence[str]) -> tuple[int, tuple[str, ...]]:
        """What must be bought beside ``bought``: the cheapest base of each option it lacks."""
        added: list[tuple[int, str]] = []
        for ref in bought:
            option = catalog.treatment(ref)
            if option.only_with and not any(_meets(b, bought) for b in option.only_with):
                bases = {b.partition(":")[0] for b in option.only_with}
                added.append(min((cheapest[b], b) for b in bases))
        # Each lacking option needs a base: the dearest of their cheapest bases at least.
        if not added:
            return 0, ()
        price, base = max(added)
        return price, (base,)

    bills: list[tuple[int, tuple[str, ...]]] = []
    for treatment in catalog.treatments:
        extra, bases = with_bases((treatment.id,))
        bills.append((cheapest[treatment.id] + extra, (treatment.id, *bases)))
    for offer in catalog.offers:
        if isinstance(offer, Package):
            extra, bases = with_bases(offer.treatments)
            bills.append((offer.price.min + extra, (offer.id, *bases)))
        elif isinstance(offer, SharedSet):
            # Bought whole, and usable on one of its treatments alone.
            extra, bases = min(with_bases((ref,)) for ref in offer.treatments)
            bills.append((offer.price.min + extra, (offer.id, *bases)))
    return min(bills, key=lambda bill: bill[0])


def _discount_below_zero(catalog: Catalog) -> Iterator[_Found]:
    offers = {offer.id: offer for offer in catalog.offers}
    for index, discount in enumerate(catalog.discounts):
        if discount.amount is None:
            continue  # a percentage of at most 100 never takes off more than the price
        # Each floor: its lowest price, what it is (the tie-break, as it always was), its
        # finding's key and the value naming it.
        floors: list[tuple[int, str, LintKey, dict[str, LintValue]]] = []
        floors += [
            (
                _single(catalog, treatment_id).min,
                f"a session of {treatment_id}",
                "discount_over_session",
                {"treatment": treatment_id},
            )
            for treatment_id in discount.treatments
            if discount.comes_off(treatment_id, None)
        ]
        # Every unit of an offer that the discount's one rule (Discount.comes_off, which the
        # engine asks too) says it comes off: a ladder's step is a single session.
        units = {
            offer.id: offer
            for treatment_id in discount.treatments
            for offer in catalog.offers_for(treatment_id)
            if discount.comes_off(treatment_id if isinstance(offer, Ladder) else None, offer.id)
        }
        units |= {i: offers[i] for i in discount.offers if discount.comes_off(None, i)}
        floors += [
            (_unit_floor(offer), offer_id, "discount_over_offer", {"offer": offer_id})
            for offer_id, offer in units.items()
        ]
        if discount.applies_to_bill:
            # The smallest bill a request can be quoted, or the minimum the discount needs.
            bill, bought = _smallest_bill(catalog)
            if (discount.min_amount or 0) > bill:
                floors = [(discount.min_amount or 0, "", "discount_over_min_amount", {})]
            else:
                floors = [(bill, "", "discount_over_bill", {"bill": bought})]
        low, _, key, named = min(floors, key=lambda floor: floor[:2])
        if discount.amount > low:
            yield (
                f"discounts[{index}].amount",
                key,
                {"amount": _exact(discount.amount), **named, "low": _exact(low)},
            )
    for index, combo in enumerate(catalog.combos):
        if combo.discount is None:
            continue
        parts = sum(_single(catalog, ref).min for ref in combo.treatments)
        if combo.discount.max is None or combo.discount.max > parts:
            yield (
                f"combos[{index}].discount",
                "combo_saving_over",
                {"saving": combo.discount, "parts": _exact(parts)},
            )


def _bundle_outlasts(catalog: Catalog) -> Iterator[_Found]:
    for index, offer in enumerate(catalog.offers):
        if not isinstance(offer, Bundle) or offer.valid_months is None:
            continue
        days = offer.valid_months * _DAYS_PER_MONTH
        weekly = int(days // 7) + 1
        if offer.counts_units:
            # A unit ticket's units are spent as fast as the most a visit uses: its visits.
            per_visit = _most_units_a_visit(catalog, offer)
            if -(-offer.sessions // per_visit) > weekly:
                treatment = catalog.treatment(_base(offer.treatment))
                unit = treatment.counted_unit
                yield (
                    f"offers[{index}].sessions",
                    "unit_ticket_outlasts",
                    {
                        "offer": offer.id,
                        "units": offer.sessions,
                        "unit": None if unit is None else unit[0],
                        "unit_en": None if unit is None else unit[1],
                        # English counts more than one in its own word (40 vials, 1 vial).
                        "unit_en_other": None if unit is None else unit[2],
                        "per_visit": per_visit,
                        "months": offer.valid_months,
                        "weekly": weekly,
                        "usable": weekly * per_visit,
                    },
                )
        elif offer.sessions > weekly:
            yield (
                f"offers[{index}].sessions",
                "bundle_outlasts",
                {"sessions": offer.sessions, "months": offer.valid_months, "weekly": weekly},
            )


def _most_units_a_visit(catalog: Catalog, offer: Bundle) -> int:
    """The most of a unit ticket's units one visit can use: the treatment's units a visit
    at most, each using the largest served dose's amount where the ticket counts it."""
    base, _, dose_id = offer.treatment.partition(":")
    treatment = catalog.treatment(base)
    served = [d for d in treatment.doses if not dose_id or d.id == dose_id]
    per_unit = max((offer.units_per(dose) for dose in served), default=1)
    return treatment.unit_limit * per_unit


def _prices(catalog: Catalog) -> Iterator[tuple[str, YenRange, TaxCategory]]:
    """Every price in the catalog, with its path and the tax category it is charged at."""
    for index, treatment in enumerate(catalog.treatments):
        where = f"treatments[{index}]"
        if treatment.price is not None:
            yield f"{where}.price", treatment.price, treatment.tax
        if treatment.extra_unit_price is not None:
            yield f"{where}.extra_unit_price", treatment.extra_unit_price, treatment.tax
        yield from _segment_prices(where, treatment.segment_prices, treatment.tax)
        yield from _segment_prices(
            where, treatment.extra_unit_segment_prices, treatment.tax, _EXTRA_SEGMENTS
        )
        for number, dose in enumerate(treatment.doses):
            at = f"{where}.doses[{number}]"
            yield f"{at}.price", dose.price, treatment.tax
            if dose.extra_unit_price is not None:
                yield f"{at}.extra_unit_price", dose.extra_unit_price, treatment.tax
            yield from _segment_prices(at, dose.segment_prices, treatment.tax)
            yield from _segment_prices(
                at, dose.extra_unit_segment_prices, treatment.tax, _EXTRA_SEGMENTS
            )
    for index, offer in enumerate(catalog.offers):
        tax = catalog.treatment(offer_treatments(offer)[0]).tax
        yield from _segment_prices(f"offers[{index}]", offer.segment_prices, tax)
        fields: dict[str, YenRange | None]
        if isinstance(offer, Ladder):
            fields = {f"steps[{i}].price": step.price for i, step in enumerate(offer.steps)}
            for i, step in enumerate(offer.steps):
                yield from _segment_prices(f"offers[{index}].steps[{i}]", step.segment_prices, tax)
        elif isinstance(offer, Package):
            fields = {"price": offer.price, "intro_price": offer.intro_price}
        elif isinstance(offer, Subscription):
            fields = {
                "monthly_fee": offer.monthly_fee,
                "enrollment_fee": offer.enrollment_fee,
                "extra_session_price": offer.extra_session_price,
                "early_termination_fee": offer.early_termination_fee,
            }
        else:
            fields = {"price": offer.price}
        for name, price in fields.items():
            if price is not None:
                yield f"offers[{index}].{name}", price, tax
    for index, combo in enumerate(catalog.combos):
        tax = catalog.treatment(combo.treatments[0]).tax
        yield from _segment_prices(f"combos[{index}]", combo.segment_prices, tax)
        if combo.price is not None:
            yield f"combos[{index}].price", combo.price, tax
        if combo.discount is not None:
            yield f"combos[{index}].discount", combo.discount, tax
    for index, fee in enumerate(catalog.fees):
        yield f"fees[{index}].price", fee.price, fee.tax
        yield from _segment_prices(f"fees[{index}]", fee.segment_prices, fee.tax)
    for index, goods in enumerate(catalog.goods):
        yield f"goods[{index}].price", goods.price, goods.tax
        yield from _segment_prices(f"goods[{index}]", goods.segment_prices, goods.tax)
        if goods.subscription is not None:
            # A 定期便's price a month is a price as any other (a range, a zero, its rounding).
            monthly = goods.subscription.monthly_price
            yield f"goods[{index}].subscription.monthly_price", monthly, goods.tax


_EXTRA_SEGMENTS: Final = "extra_unit_segment_prices"
"""The field of a further unit's segment prices, beside ``extra_unit_price``."""


def _segment_prices(
    where: str, prices: Mapping[str, YenRange], tax: TaxCategory, field: str = "segment_prices"
) -> Iterator[tuple[str, YenRange, TaxCategory]]:
    for segment, price in prices.items():
        yield f"{where}.{field}.{segment}", price, tax


def _range_too_wide(catalog: Catalog) -> Iterator[_Found]:
    for path, price, _ in _prices(catalog):
        if price.min > 0 and price.max is not None and price.max > 10 * price.min:
            yield path, "range_too_wide", {"price": price}


def _trailing_zeros(amount: int) -> int:
    count = 0
    while amount and amount % 10 == 0:
        amount //= 10
        count += 1
    return count


def _without_tax(amount: int, rate: int) -> int | None:
    """The round tax-excluded amount this one would be with tax added, if there is one."""
    base, remainder = divmod(amount * 100, 100 + rate)
    if amount <= 0 or remainder or _trailing_zeros(base) <= _trailing_zeros(amount):
        return None
    return base


_RATES_IN_FORCE: Final = date(2019, 10, 1)


_TAX_INCLUDED_SHARE: Final = Fraction(1, 2)
"""The least share of a tax-excluded catalog's taxed prices that must look tax-included
for SC010 to say so of them."""


def _looks_tax_included(catalog: Catalog) -> Iterator[_Found]:
    """A tax-excluded catalog's prices that are round amounts with tax added, where at least
    :data:`_TAX_INCLUDED_SHARE` of its taxed prices are.

    One such price is no evidence: 19,800, 9,900 and 5,500 are ordinary tax-excluded prices
    that happen to be 18,000, 9,000 and 5,000 with 10 % added. A list copied from a
    tax-included page has most of its prices so (11,000, 33,000, 55,000), so the rule speaks
    where the catalog as a whole reads that way (s33 audit F9).
    """
    if catalog.clinic.prices_include_tax:
        return
    found: list[_Found] = []
    taxed = 0
    # The catalog has no purchase date; the rates in force since 2019-10-01 are the ones a
    # tax-excluded price list is written against, and a fixed date keeps the lint repeatable.
    for path, price, category in _prices(catalog):
        rate = tax_rate(category, _RATES_IN_FORCE)
        points = [point for point in {price.min, price.typical, price.max} if point]
        if rate == 0 or not points:
            continue
        taxed += 1
        pairs = [(point, _without_tax(point, rate)) for point in sorted(points)]
        bases = [base for _, base in pairs if base is not None]
        if len(bases) == len(pairs):
            found.append(
                (
                    path,
                    "looks_tax_included",
                    {
                        "amounts": tuple(_exact(point) for point, _ in pairs),
                        "bases": tuple(_exact(base) for base in bases),
                        "rate": rate,
                    },
                )
            )
    if found and len(found) >= _TAX_INCLUDED_SHARE * taxed:
        yield from found


# ---------------------------------------------------------------------------
# Schema 2: doses, prepaid sets, member prices, units, options


def _amount(value: int | float) -> Fraction:
    # Through the decimal text, so 0.1 cc is one tenth, not the nearest binary fraction.
    return Fraction(str(value))


def _amount_texts(treatment: Treatment, dose: Dose) -> tuple[str, str]:
    """A dose's amount with its unit, as a row writes it when unnamed: ``(ja, en)``."""
    # The dose's own name may not give its amount; catalog.dose_amount owns how one reads.
    return dose_amount(treatment, dose), dose_amount(treatment, dose, english=True)


def _dose_unnamed(catalog: Catalog) -> Iterator[_Found]:
    """Doses a patient would read as a bare number: no ``dose_unit`` and no name.

    Documents name such a dose by its id (``catalog.dose_name``), the catalog's own
    label: better than "10", which reads as 10 of anything, but written for the catalog,
    not for patients. Once per treatment, at its ``dose_unit``, the usual fix.
    """
    for index, treatment in enumerate(catalog.treatments):
        if treatment.dose_unit is not None:
            continue
        unnamed = tuple(f"{treatment.id}:{dose.id}" for dose in treatment.doses if not dose.name)
        if unnamed:
            yield (
                f"treatments[{index}].dose_unit",
                "dose_unnamed",
                {"treatment": treatment.id, "doses": unnamed},
            )


def _dose_units_uncounted(catalog: Catalog) -> Iterator[_Found]:
    """A dosed treatment a visit may take several units of, without a ``count_unit``.

    Its ``dose_unit`` measures each dose, so documents count its units in the bare word
    for a unit (「1cc（2単位）」, 「2単位目以降」) where a menu says 「1cc 2本」, 「2本目以降」.
    Once per treatment, at the field to give.
    """
    for index, treatment in enumerate(catalog.treatments):
        if treatment.doses and treatment.count_unit is None and treatment.unit_limit > 1:
            yield (
                f"treatments[{index}].count_unit",
                "dose_units_uncounted",
                {"id": treatment.id, "field": "count_unit"},
            )


def _segment_unnamed(catalog: Catalog) -> Iterator[_Found]:
    """A segment without a ``name`` that no built-in words cover (学生, シニア as ``student``).

    Every document that shows it (a price column, an estimate's 価格区分, a discount's
    「…限定」, the simulator's choice) prints its id: 「student価格」, 「「student」の方限定」.
    ``member``, ``vip`` and ``referred`` have words of their own (``WORDED_SEGMENTS``).
    """
    for index, segment in enumerate(catalog.clinic.segments):
        if segment.name is None and segment.id not in WORDED_SEGMENTS:
            yield (
                f"clinic.segments[{index}]",
                "segment_unnamed",
                {"segment": segment.id, "field": "name"},
            )


def _financed(catalog: Catalog, price: YenRange, category: TaxCategory) -> int:
    """What a loan would finance of a price: its dearest known point (a range's high end, its
    low end where open), with tax where the catalog's prices exclude it (at the rates in
    force since 2019, as SC010 reads them: the catalog has no date)."""
    amount = price.min if price.max is None else price.max
    if catalog.clinic.prices_include_tax:
        return amount
    rate = tax_rate(category, _RATES_IN_FORCE)
    return amount + tax_on_excluded(amount, rate, catalog.clinic.tax_rounding)


def _loan_above_interest_tier(catalog: Catalog) -> Iterator[_Found]:
    """A loan the clinic offers whose APR (an add-on rate's equivalent over its longest
    count) is above the 利息制限法 cap of the tier of the dearest purchase it would finance.

    The purchases are those bought in one payment that a patient finances: sets and unit
    tickets, packages (コース) and first-time sets sold whole, each at its dearest, with tax.
    A smaller amount's cap is never lower, so the dearest is the one to test; single
    sessions, monthly plans (paid month by month) and courses priced by the engine are not
    tested. Whether these caps bind shopping credit is unconfirmed (DOMAIN §11): a notice for
    the clinic to check with the lender, never a verdict; the 出資法 ceiling of 20 % is
    refused when the catalog loads.
    """
    purchases = [
        (
            offer.id,
            _financed(catalog, offer.price, catalog.treatment(offer_treatments(offer)[0]).tax),
        )
        for offer in catalog.offers
        if isinstance(offer, Bundle | Package) or (isinstance(offer, Intro) and offer.sold_whole)
    ]
    if not purchases:
        return
    offer, amount = max(purchases, key=lambda purchase: purchase[1])
    start, limit, below = interest_limit_tier(amount)
    for index, term in enumerate(catalog.clinic.instalments):
        field = "apr" if term.apr is not None else "addon_rate"
        apr = check_terms_apr(term.max_count, term.apr, term.addon_rate, ("apr", "addon_rate"))
        if apr <= limit:
            continue
        values: dict[str, LintValue] = {
            "loan": term.name,
            "loan_en": term.name_en,
            "apr": f"{apr.normalize():f}%",
            "limit": f"{limit}%",
            "offer": offer,
            "amount": _exact(amount),
            "tier_from": _exact(start),
        }
        if below is not None:
            values["tier_below"] = _exact(below)
        yield (
            f"clinic.instalments[{index}].{field}",
            "loan_above_interest_tier",
            values,
        )


_GIFT_WORDS: Final = ("プレゼント", "進呈")
"""Words of a set's name that promise something besides its sessions (「サプリ1箱プレゼント」)."""

_WITH_WORD: Final = "付き"
"""A word that promises goods only beside a goods item the catalog sells (「サプリ1箱付き」):
on its own it is as often a service included (「表面麻酔付き」「カウンセリング付き」)."""


def _names_goods(catalog: Catalog, text: str) -> bool:
    """Whether ``text`` names a goods item the catalog sells: its name (or the part before a
    bracket, 「NMNサプリ（60粒）」 read as 「NMNサプリ」), or a count of its unit (「1箱」)."""
    for goods in catalog.goods:
        stem = re.split(r"[（(［\[]", goods.name, maxsplit=1)[0].strip()
        if goods.name in text or (stem and stem in text):
            return True
        if goods.unit and re.search(
            rf"[0-9０-９一二三四五六七八九十]+{re.escape(goods.unit)}", text
        ):
            return True
    return False


def _gift_in_name_only(catalog: Catalog) -> Iterator[_Found]:
    """A set whose name promises goods (「サプリメント1箱プレゼント」) but includes none.

    The promise lives in the name alone: a patient buying the goods too is charged for them
    again (s34 audit F2). ``includes`` says what the set includes; the gift word found is
    shown so the author sees why.
    """
    for index, offer in enumerate(catalog.offers):
        if not isinstance(offer, Bundle) or offer.includes or offer.counts_units:
            continue
        names = (offer.name or "", offer.note or "")
        found = next((w for w in _GIFT_WORDS if any(w in text for text in names)), None)
        if found is None and any(
            _WITH_WORD in text and _names_goods(catalog, text) for text in names
        ):
            found = _WITH_WORD
        if found is not None and catalog.goods:
            yield (
                f"offers[{index}]",
                "gift_in_name_only",
                {"offer": offer.id, "word": found, "field": "includes"},
            )


def _dose_inverted(catalog: Catalog) -> Iterator[_Found]:
    for index, treatment in enumerate(catalog.treatments):
        doses = list(enumerate(treatment.doses))
        for number, dose in doses:
            high = dose.price.max
            if high is None:
                continue
            smaller = [
                other
                for _, other in doses
                if _amount(other.amount) < _amount(dose.amount) and other.price.min > high
            ]
            if not smaller:
                continue
            # Against the dearest smaller dose, the one the patient would notice.
            worst = max(smaller, key=lambda other: other.price.min)
            amount, amount_en = _amount_texts(treatment, dose)
            smaller_amount, smaller_amount_en = _amount_texts(treatment, worst)
            yield (
                f"treatments[{index}].doses[{number}].price",
                "dose_inverted",
                {
                    "dose": f"{treatment.id}:{dose.id}",
                    "amount": amount,
                    "amount_en": amount_en,
                    "price": dose.price,
                    "smaller": f"{treatment.id}:{worst.id}",
                    "smaller_amount": smaller_amount,
                    "smaller_amount_en": smaller_amount_en,
                    "smaller_price": worst.price,
                },
            )


_STEP_FACTOR: Final = 3
"""SC012 fires for a step more than this many times the median of the others."""


def _dose_step(catalog: Catalog) -> Iterator[_Found]:
    for index, treatment in enumerate(catalog.treatments):
        ordered = sorted(enumerate(treatment.doses), key=lambda item: _amount(item[1].amount))
        steps: list[tuple[int, str, str, Fraction]] = []
        for (_, low), (number, high) in pairwise(ordered):
            more = _amount(high.amount) - _amount(low.amount)
            if more <= 0:
                continue
            rise = Fraction(high.price.typical_point - low.price.typical_point) / more
            steps.append((number, low.id, high.id, rise))
        if len(steps) < 2:
            continue
        for position, (number, low_id, high_id, rise) in enumerate(steps):
            others = [step[3] for at, step in enumerate(steps) if at != position]
            middle = median(others)
            if middle > 0 and rise > _STEP_FACTOR * middle:
                yield (
                    f"treatments[{index}].doses[{number}].price",
                    "dose_step",
                    {
                        "low": f"{treatment.id}:{low_id}",
                        "high": f"{treatment.id}:{high_id}",
                        "rise": _rounded(rise, Rounding.HALF_UP),
                        "unit": treatment.dose_unit,
                        # Its English for one, as the sentence reads "a vial".
                        "unit_en": treatment.english_unit(1),
                        "factor": _STEP_FACTOR,
                        "median": _rounded(middle, Rounding.HALF_UP),
                    },
                )


_PREPAID_EXEMPT_MONTHS: Final = 6
"""A prepaid instrument valid for at most this many months is exempt (資金決済法施行令)."""

_PREPAID_NOTIFY_BALANCE: Final = 10_000_000
"""An issuer whose unused balance on 31 March or 30 September exceeds this files a notification
and deposits at least half of it (資金決済法, 自家型)."""


def _prepaid_set(catalog: Catalog) -> Iterator[_Found]:
    """Sessions paid for ahead without an expiry within 6 months: a set (a unit ticket), a
    package (コース) of more than one session, or a first-time price of several sessions
    sold whole (s33 audit F10)."""
    for index, offer in enumerate(catalog.offers):
        values: dict[str, LintValue] = {
            "offer": offer.id,
            "limit_months": _PREPAID_EXEMPT_MONTHS,
            "balance": _exact(_PREPAID_NOTIFY_BALANCE),
        }
        if isinstance(offer, Intro):
            if not (offer.sold_whole and offer.sessions > 1):
                continue  # paid session by session: nothing is kept for later
            values["sessions"] = offer.sessions
        elif not isinstance(offer, Bundle | Package | SharedSet):
            continue
        elif isinstance(offer, Package) and sum(i.sessions for i in offer.contents) == 1:
            continue  # one session paid for: a purchase, not sessions kept for later
        if offer.valid_months is not None and offer.valid_months <= _PREPAID_EXEMPT_MONTHS:
            continue
        # A unit ticket (本数券), a package (コース) and a first-time set are named as every
        # document names them.
        keys: tuple[LintKey, LintKey] = (
            ("prepaid_intro_whole", "prepaid_long_intro")
            if isinstance(offer, Intro)
            else ("prepaid_no_expiry_package", "prepaid_long_package")
            if isinstance(offer, Package)
            else ("prepaid_no_expiry_units", "prepaid_long_units")
            if isinstance(offer, Bundle) and offer.counts_units
            else ("prepaid_no_expiry", "prepaid_long")
        )
        if offer.valid_months is None:
            yield f"offers[{index}]", keys[0], values
        else:
            values["months"] = offer.valid_months
            yield f"offers[{index}].valid_months", keys[1], values


def _regular_and_segments(
    catalog: Catalog,
) -> Iterator[tuple[str, YenRange, Mapping[str, YenRange]]]:
    """Each price that member prices replace, with the path of those member prices."""
    for index, treatment in enumerate(catalog.treatments):
        where = f"treatments[{index}]"
        if treatment.price is not None:
            yield f"{where}.segment_prices", treatment.price, treatment.segment_prices
        if treatment.extra_unit_price is not None:
            extra = treatment.extra_unit_segment_prices
            yield f"{where}.{_EXTRA_SEGMENTS}", treatment.extra_unit_price, extra
        for number, dose in enumerate(treatment.doses):
            at = f"{where}.doses[{number}]"
            yield f"{at}.segment_prices", dose.price, dose.segment_prices
            if dose.extra_unit_price is not None:
                extra = dose.extra_unit_segment_prices
                yield f"{at}.{_EXTRA_SEGMENTS}", dose.extra_unit_price, extra
    for index, offer in enumerate(catalog.offers):
        if isinstance(offer, Ladder):
            # A ladder's member prices are its steps'.
            for number, step in enumerate(offer.steps):
                yield (
                    f"offers[{index}].steps[{number}].segment_prices",
                    step.price,
                    step.segment_prices,
                )
            continue
        regular = offer.monthly_fee if isinstance(offer, Subscription) else offer.price
        yield f"offers[{index}].segment_prices", regular, offer.segment_prices
    for index, combo in enumerate(catalog.combos):
        if combo.price is not None:
            yield f"combos[{index}].segment_prices", combo.price, combo.segment_prices
    for index, fee in enumerate(catalog.fees):
        yield f"fees[{index}].segment_prices", fee.price, fee.segment_prices
    for index, goods in enumerate(catalog.goods):
        yield f"goods[{index}].segment_prices", goods.price, goods.segment_prices


def _segment_above(catalog: Catalog) -> Iterator[_Found]:
    for where, regular, segments in _regular_and_segments(catalog):
        for segment, price in segments.items():
            if regular.max is not None and price.min > regular.max:
                yield (
                    f"{where}.{segment}",
                    "segment_price_above",
                    {"segment": segment, "price": price, "regular": regular},
                )
    for index, combo in enumerate(catalog.combos):
        if combo.discount is None:
            continue
        for segment, saving in combo.segment_prices.items():
            if saving.max is not None and saving.max < combo.discount.min:
                yield (
                    f"combos[{index}].segment_prices.{segment}",
                    "segment_saving_below",
                    {"segment": segment, "saving": saving, "regular": combo.discount},
                )


def _extra_unit_dearer(catalog: Catalog) -> Iterator[_Found]:
    for index, treatment in enumerate(catalog.treatments):
        pairs = [(f"treatments[{index}]", treatment.price, treatment.extra_unit_price)]
        pairs += [
            (
                f"treatments[{index}].doses[{number}]",
                dose.price,
                dose.extra_unit_price or treatment.extra_unit_price,
            )
            for number, dose in enumerate(treatment.doses)
        ]
        for where, first, extra in pairs:
            if first is None or extra is None or first.max is None:
                continue
            if extra.min > first.max:
                yield (
                    f"{where}.extra_unit_price",
                    "extra_unit_dearer",
                    {"extra": extra, "first": first},
                )


def _base(ref: str) -> str:
    return ref.partition(":")[0]


def _names_nothing_sold(catalog: Catalog) -> Iterator[_Found]:
    # The loader refuses unknown ids, an option sold only with itself and a combo naming a
    # treatment beside one of its doses; what is left is a combo of two doses of one
    # treatment, which no request holds together.
    for index, combo in enumerate(catalog.combos):
        seen: dict[str, str] = {}
        for ref in combo.treatments:
            base = _base(ref)
            if base in seen:
                yield (
                    f"combos[{index}].treatments",
                    "combo_names_one_treatment",
                    {"combo": combo.id, "first": seen[base], "second": ref, "treatment": base},
                )
                break
            seen[base] = ref


# ---------------------------------------------------------------------------
# Schema 2 part 2: packages and ladders


def _package_dearer(catalog: Catalog) -> Iterator[_Found]:
    laddered = {o.treatment for o in catalog.offers if isinstance(o, Ladder)}
    for index, offer in enumerate(catalog.offers):
        if not isinstance(offer, Package):
            continue
        total = 0
        for item in offer.contents:
            single = _single(catalog, item.treatment)
            if single.max is None or item.treatment in laddered:
                break
            total += single.max * item.sessions
        else:
            if offer.price.min > total:
                yield (
                    f"offers[{index}].price",
                    "package_dearer",
                    {"price": offer.price, "contents": _exact(total)},
                )


def _package_intro_above(catalog: Catalog) -> Iterator[_Found]:
    for index, offer in enumerate(catalog.offers):
        if not isinstance(offer, Package) or offer.intro_price is None:
            continue
        if offer.price.max is not None and offer.intro_price.min > offer.price.max:
            yield (
                f"offers[{index}].intro_price",
                "package_intro_above",
                {"intro": offer.intro_price, "price": offer.price},
            )


def _ladder_dearer(catalog: Catalog) -> Iterator[_Found]:
    for index, offer in enumerate(catalog.offers):
        if not isinstance(offer, Ladder):
            continue
        for position in range(1, len(offer.steps)):
            later, earlier = offer.steps[position], offer.steps[position - 1]
            if earlier.price.max is not None and later.price.min > earlier.price.max:
                yield (
                    f"offers[{index}].steps[{position}].price",
                    "ladder_step_dearer",
                    {
                        "place": later.from_,
                        "price": later.price,
                        "earlier_place": earlier.from_,
                        "earlier_price": earlier.price,
                    },
                )


def _shared_above_single(catalog: Catalog) -> Iterator[_Found]:
    """A shared set (共通回数券) whose price a session is above a listed treatment's single
    price: a session of it used on that treatment costs more than paying singly, so the
    optimiser never uses it there, and the menu's 「どちらにも使える」 is idle for it."""
    for index, offer in enumerate(catalog.offers):
        if not isinstance(offer, SharedSet):
            continue
        per_session = _rounded(Fraction(offer.price.min, offer.sessions), Rounding.FLOOR)
        for position, ref in enumerate(offer.treatments):
            single = _single(catalog, ref)
            # Cross-multiplied, so the per-session comparison stays exact in whole yen.
            if single.max is not None and offer.price.min > single.max * offer.sessions:
                yield (
                    f"offers[{index}].treatments[{position}]",
                    "shared_above_single",
                    {
                        "offer": offer.id,
                        "treatment": ref,
                        "per_session": per_session,
                        "single": single,
                    },
                )


def _top_up_above_single(catalog: Catalog) -> Iterator[_Found]:
    """A set whose top-up makes a session at a dose dearer than that dose's single price.

    At the typical points: the set's price a session with its top-up
    (``Bundle.top_up_total``) against the dose's single price; the set is then never the
    cheaper way at that dose, so the top-up or the set's price is likely mistyped.
    """
    for index, offer in enumerate(catalog.offers):
        if not isinstance(offer, Bundle) or not offer.top_ups or ":" in offer.treatment:
            continue
        treatment = catalog.treatment(offer.treatment)
        for dose in treatment.doses:
            topped = offer.top_up_total(dose.id)
            if topped is None:
                continue
            per = Fraction(offer.price.typical_point + topped.typical_point, offer.sessions)
            if per <= dose.price.typical_point:
                continue
            amount, amount_en = _amount_texts(treatment, dose)
            yield (
                f"offers[{index}].top_ups.{dose.id}",
                "top_up_above_single",
                {
                    "offer": offer.id,
                    "dose": f"{treatment.id}:{dose.id}",
                    "amount": amount,
                    "amount_en": amount_en,
                    "per_session": _rounded(per, Rounding.HALF_UP),
                    "price": dose.price,
                },
            )


def _upgrade_above_singles(catalog: Catalog) -> Iterator[_Found]:
    """An upgrade (``Bundle.upgrade_from``) dearer a new session than the treatment's single.

    With ``left`` sessions of the held set, the upgrade pays the bigger set's price less the
    credit (``Bundle.upgrade_credit``) for its ``sessions - left`` new sessions. A session
    of them dearer than a single at the typical points means the upgrade never pays at that
    count, so a price or the credit rule is likely mistyped. The price a new session moves
    one way with ``left`` (its derivative's sign is the bigger set's price against its
    sessions at the held set's price a session), so the dearest is at 1 left or all left.
    """
    for index, offer in enumerate(catalog.offers):
        if not isinstance(offer, Bundle) or not offer.upgrade_from:
            continue
        treatment = catalog.treatment(offer.treatment)
        if treatment.price is None:
            continue  # a set for any dose: no one single price to compare (SC064's)
        single = treatment.session_price
        for position, held_id in enumerate(offer.upgrade_from):
            held = catalog.offer(held_id)
            assert isinstance(held, Bundle)  # the catalog checks upgrade_from
            worst: tuple[Fraction, int] | None = None
            for left in sorted({1, held.sessions}):
                paid = offer.price.typical_point - offer.upgrade_credit(held, left)
                per = Fraction(paid, offer.sessions - left)
                if per > single.typical_point and (worst is None or per > worst[0]):
                    worst = (per, left)
            if worst is None:
                continue
            yield (
                f"offers[{index}].upgrade_from[{position}]",
                "upgrade_above_single",
                {
                    "offer": offer.id,
                    "held": held_id,
                    "left": worst[1],
                    "per_session": _rounded(worst[0], Rounding.HALF_UP),
                    "price": single,
                },
            )


_TICKET_LEFT_SHARE: Final = 4
"""SC066 speaks where what a unit ticket leaves unused at a dose is at least one part in this
many of its units (a 4本券 on 3A: 1 of 4 left); a 10本券 on 3A leaves 1 of 10, a share a
clinic rounding its tickets to tens means. A ticket holding none of the dose leaves it all."""


def _unit_ticket_too_small(catalog: Catalog) -> Iterator[_Found]:
    """A ticket counting its doses' amount that holds no visit of a dose it serves, or
    leaves a quarter or more of its units unused at it (``Bundle.held``, ``units_per``).

    Each dose it serves: the one it names, else every dose of its treatment. Its units are
    worded in the treatment's ``count_unit`` (``Treatment.counted_unit``), else 単位.
    """
    for index, offer in enumerate(catalog.offers):
        if not isinstance(offer, Bundle) or offer.counts != "amount":
            continue
        base, _, dose_id = offer.treatment.partition(":")
        treatment = catalog.treatment(base)
        counted = treatment.counted_unit
        for dose in treatment.doses:
            if dose_id and dose.id != dose_id:
                continue
            per, held = offer.units_per(dose), offer.held(dose)
            left = offer.sessions - held * per
            if left * _TICKET_LEFT_SHARE < offer.sessions:
                continue
            amount, amount_en = _amount_texts(treatment, dose)
            yield (
                f"offers[{index}].sessions",
                "unit_ticket_leftover" if held else "unit_ticket_holds_none",
                {
                    "offer": offer.id,
                    "dose": f"{treatment.id}:{dose.id}",
                    "amount": amount,
                    "amount_en": amount_en,
                    "units": offer.sessions,
                    "per": per,
                    "held": held,
                    "left": left,
                    "ticket_unit": None if counted is None else counted[0],
                    "ticket_unit_en": None if counted is None else counted[2] or counted[1],
                },
            )


def _ladder_as_price_change(catalog: Catalog) -> Iterator[_Found]:
    """A ladder of one step from the first session, with a sales window: a single price for
    a while, the way a price change (価格改定) was written before ``price_changes``. A ladder
    prices every session of a course on the request's date, even with months, so a course
    running past the window is quoted at the old price (stop-35 audit F1)."""
    for index, offer in enumerate(catalog.offers):
        if not isinstance(offer, Ladder) or not offer.windowed or len(offer.steps) != 1:
            continue
        if offer.steps[0].within_days is not None:
            continue  # a repeat price (within days), not a single price for a while
        yield (
            f"offers[{index}]",
            "ladder_as_price_change",
            {"id": offer.id, "treatment": offer.treatment},
        )


def _ladder_within_idle(catalog: Catalog) -> Iterator[_Found]:
    """A ``within_days`` that never holds or never changes a price.

    On the first step it never holds (the first session has no previous one, and every
    session coming back late falls back to it: ``Ladder.held_step`` ignores it); on a
    later step not below the price it falls back to, a late session pays no more.
    """
    for index, offer in enumerate(catalog.offers):
        if not isinstance(offer, Ladder):
            continue
        first = offer.steps[0]
        if first.within_days is not None:
            yield (
                f"offers[{index}].steps[0].within_days",
                "ladder_within_first",
                {"id": offer.id, "days": first.within_days},
            )
        for position, step in enumerate(offer.steps[1:], start=1):
            if step.within_days is None:
                continue
            fallback = offer.held_step(step.from_, None)
            if fallback.price.max is not None and step.price.min >= fallback.price.max:
                yield (
                    f"offers[{index}].steps[{position}].within_days",
                    "ladder_within_not_lower",
                    {
                        "place": step.from_,
                        "price": step.price,
                        "days": step.within_days,
                        "earlier_place": fallback.from_,
                        "earlier_price": fallback.price,
                    },
                )


def _ladder_first(catalog: Catalog) -> Iterator[_Found]:
    for index, offer in enumerate(catalog.offers):
        # A ladder on sale only for a while is a campaign: the single price holds outside it.
        if not isinstance(offer, Ladder) or offer.windowed:
            continue
        single = _single(catalog, offer.treatment)
        if offer.steps[0].price == single:
            continue
        # The price list shows the ladder as the single price, so a price nobody pays singly
        # is shown nowhere; but a combo's group price still saves against the treatment's
        # price (the engine's combos count from it), a saving no patient paying singly sees.
        for combo in catalog.combos:
            if combo.price is not None and any(
                _meet(ref, offer.treatment) for ref in combo.treatments
            ):
                yield (
                    f"offers[{index}].steps[0].price",
                    "ladder_first_not_single",
                    {
                        "id": offer.id,
                        "price": offer.steps[0].price,
                        "single": single,
                        "combo": combo.id,
                    },
                )


def _meet(first: str, second: str) -> bool:
    """Whether two references can name one session: a treatment alone means any dose."""
    base, _, dose = first.partition(":")
    other_base, _, other_dose = second.partition(":")
    return base == other_base and (not dose or not other_dose or dose == other_dose)


def _intro_dominated(catalog: Catalog) -> Iterator[_Found]:
    # The engine weighs every first-time price a patient qualifies for and takes the one
    # that makes the course cheapest, one at most; on a tie the first listed. An offer
    # another beats for every count it sells, on every day it is on sale, for the same
    # patients, in every segment, is never quoted: most likely a price left from an old
    # campaign or a typo.
    intros = [(i, o) for i, o in enumerate(catalog.offers) if isinstance(o, Intro)]
    for index, offer in intros:
        other = next(
            (
                better
                for at, better in intros
                if better is not offer and _beats(catalog, better, at < index, offer)
            ),
            None,
        )
        if other is not None:
            yield (
                f"offers[{index}]",
                "intro_dominated",
                {"id": offer.id, "other": other.id, "treatment": offer.treatment},
            )


def _beats(catalog: Catalog, better: Intro, listed_first: bool, offer: Intro) -> bool:
    """Whether ``better`` is quoted wherever ``offer`` could be: ``offer`` is never used."""
    if (
        better.treatment != offer.treatment
        or better.for_ is not offer.for_
        # A price per session and one for a whole set compare differently at each count.
        or better.sold_whole is not offer.sold_whole
        or better.sessions < offer.sessions
        or not _always_beside(better, offer)
    ):
        return False
    # A discount on ``offer`` alone could make it the cheaper; one on both keeps the order.
    if any(
        d.comes_off(None, offer.id) and not d.comes_off(None, better.id) for d in catalog.discounts
    ):
        return False
    for segment in {None, *better.segment_prices, *offer.segment_prices}:
        mine = offer.price if segment is None else offer.segment_prices.get(segment, offer.price)
        theirs = (
            better.price if segment is None else better.segment_prices.get(segment, better.price)
        )
        # At every point: the other's highest price is below this one's lowest, or equal
        # where the other, listed first, wins the tie.
        if theirs.max is None or theirs.max > mine.min:
            return False
        if theirs.max == mine.min and not listed_first:
            return False
    return True


def _always_beside(other: AnyOffer, offer: AnyOffer) -> bool:
    """Whether every patient can buy ``other`` whenever ``offer`` is on sale.

    It is on sale on every day ``offer`` is, and not kept for the first N patients
    (``first_n``): those places run out, so it cannot stand in for ``offer`` for good.
    """
    return other.first_n is None and _covers(other, offer)


def _covers(better: AnyOffer, offer: AnyOffer) -> bool:
    """Whether ``better`` is on sale on every day ``offer`` is (both ends included)."""
    starts = better.valid_from is None or (
        offer.valid_from is not None and better.valid_from <= offer.valid_from
    )
    ends = better.valid_until is None or (
        offer.valid_until is not None and offer.valid_until <= better.valid_until
    )
    return starts and ends


def _without_combos_no_combo(catalog: Catalog) -> Iterator[_Found]:
    # Not with combos where there is none says nothing: most likely a combo is missing (the
    # menu's セット割), or the field is left over from one removed.
    if catalog.combos:
        return
    for index, discount in enumerate(catalog.discounts):
        if not discount.with_combos:
            yield (
                f"discounts[{index}].with_combos",
                "without_combos_no_combo",
                {"id": discount.id},
            )


def _not_with_what_is_not_sold(catalog: Catalog) -> Iterator[_Found]:
    # Not with first-time prices, or not with sets and plans, where the catalog sells none
    # says nothing (Discount.not_with): most likely the menu's 初回限定 price or set is
    # missing, or the field is left over from one removed.
    for index, discount in enumerate(catalog.discounts):
        said = discount.not_with(catalog.offers)
        if not discount.with_first_time and "first_time" not in said:
            yield (
                f"discounts[{index}].with_first_time",
                "without_first_time_none",
                {"id": discount.id},
            )
        if not discount.with_offers and "offers" not in said:
            yield (f"discounts[{index}].with_offers", "without_offers_none", {"id": discount.id})


def _dated_discount_on_unit_ticket(catalog: Catalog) -> Iterator[_Found]:
    # With months a discount on units with a window or for the birth month is taken by each
    # purchase's month, except in a bill that may buy a unit ticket for a treatment requested
    # with further units: then its singles and further units are priced as in the dearest
    # month, without such a discount on them (docs/catalog.md, "Sales windows in a course
    # with months"), which may quote that bill above the clinic's. One on the ticket only is
    # taken by the month the ticket is bought in: exact. A discount ruling out offers
    # (with_offers = false) is never in such a bill, and a treatment of one unit a visit never
    # has further units. A dose is its own treatment there, served by the offers on it and on
    # its treatment alone (any dose); once per discount and ticket, at the discount's window.
    served = []
    for treatment in catalog.priced():
        if treatment.unit_limit < 2:
            continue
        refs = tuple(dict.fromkeys((treatment.id, _base(treatment.id))))
        offers = tuple(o for ref in refs for o in catalog.offers_for(ref))
        tickets = [o for o in offers if isinstance(o, Bundle) and o.counts_units]
        if tickets:
            served.append((refs, tickets[0]))
    for index, discount in enumerate(catalog.discounts):
        if not discount.taken_by_month or not discount.with_offers:
            continue
        seen: set[str] = set()
        for refs, ticket in served:
            touches = any(discount.comes_off(ref, None) for ref in refs)
            if touches and ticket.id not in seen:
                seen.add(ticket.id)
                field = "valid_from" if discount.valid_from is not None else "valid_until"
                yield (
                    f"discounts[{index}].{field if discount.windowed else 'birth_month_only'}",
                    "dated_discount_on_unit_ticket",
                    {"id": discount.id, "treatment": ticket.treatment, "ticket": ticket.id},
                )


def _not_with_its_only_targets(catalog: Catalog) -> Iterator[_Found]:
    # A discount naming offers only, each of which it rules out of its bill (a set with
    # with_offers = false, a first-time price with with_first_time = false), is never taken,
    # yet the price list prints it with its own contradiction.
    by_id = {offer.id: offer for offer in catalog.offers}
    for index, discount in enumerate(catalog.discounts):
        if discount.treatments or not discount.offers:
            continue
        if all(discount.rules_out_offer(by_id[ref]) for ref in discount.offers):
            yield (
                f"discounts[{index}].offers",
                "not_with_its_only_targets",
                {"id": discount.id, "offers": discount.offers},
            )


def _member_price_under_ladder(catalog: Catalog) -> Iterator[_Found]:
    # A ladder always on sale prices every single session of its treatment by place, so a
    # member price the treatment states, which no step gives, is never charged: the
    # author wrote it from the menu and it vanishes (s31 transcription audit F2).
    for index, treatment in enumerate(catalog.treatments):
        if not treatment.segment_prices:
            continue
        for offer in catalog.offers:
            if (
                not isinstance(offer, Ladder)
                or offer.treatment != treatment.id
                or offer.windowed
                or offer.first_n is not None
            ):
                continue
            priced = {segment for step in offer.steps for segment in step.segment_prices}
            missing = tuple(s for s in treatment.segment_prices if s not in priced)
            if missing:
                yield (
                    f"treatments[{index}].segment_prices",
                    "member_price_under_ladder",
                    {"id": treatment.id, "ladder": offer.id, "segments": missing},
                )


def _fee_group_of_one(catalog: Catalog) -> Iterator[_Found]:
    # A group excludes its fees from each other: with one fee it excludes nothing, and most
    # likely its name is misspelt, which lets a request choose two areas' travel fees.
    sizes = Counter(fee.group for fee in catalog.fees)
    for index, fee in enumerate(catalog.fees):
        if fee.group is not None and sizes[fee.group] == 1:
            yield (f"fees[{index}].group", "fee_group_of_one", {"id": fee.id, "group": fee.group})


_ADVERT_KINDS: Final[tuple[tuple[LintKey, str], ...]] = (
    ("advert_no_course", "typical_course"),
    ("advert_no_period", "typical_course.months"),
    ("advert_no_risks", "risks"),
    ("advert_no_unapproved", "unapproved"),
    ("advert_no_obtained", "obtained"),
    ("advert_no_equivalent", "domestic_equivalent"),
    ("advert_no_foreign_safety", "foreign_safety"),
)
"""SC023's per-treatment findings, in the order they are reported, with each one's field."""
_ADVERT_SCHEMA_TWO: Final[frozenset[LintKey]] = frozenset(
    {"advert_no_obtained", "advert_no_equivalent", "advert_no_foreign_safety"}
)
"""SC023's findings whose fields only a schema-2 catalog has."""


def _advertising_incomplete(catalog: Catalog) -> Iterator[_Found]:
    # 医療広告ガイドライン (限定解除): a page may show self-pay prices only with a contact
    # point, the usual course and its standard cost (period and sessions), the main risks,
    # and, for unapproved drugs and products, that they are unapproved, how they are
    # obtained, whether an approved domestic equivalent exists and their safety abroad. A
    # notice: the prices are not wrong, and a catalog used only for estimates is never
    # published.
    if catalog.clinic.contact is None:
        yield "clinic.contact", "advert_no_contact", {}
    # Each missing kind once, naming its treatments: on a large catalog one notice per
    # treatment and kind would bury every other finding.
    missing: dict[LintKey, list[int]] = {key: [] for key, _ in _ADVERT_KINDS}
    for index, treatment in enumerate(catalog.treatments):
        course = treatment.typical_course
        # An option (only_with) is given within its base treatment's course, not on its own.
        if not treatment.only_with:
            if course is None:
                missing["advert_no_course"].append(index)
            elif course.months is None:
                missing["advert_no_period"].append(index)
        if treatment.risks is None:
            missing["advert_no_risks"].append(index)
        # Unstated is unknown, not approved: only the catalog knows which is true, and
        # saying so takes one line (unapproved = false).
        if treatment.unapproved is None:
            missing["advert_no_unapproved"].append(index)
        elif treatment.unapproved:
            details: tuple[tuple[LintKey, str | None], ...] = (
                ("advert_no_obtained", treatment.obtained),
                ("advert_no_equivalent", treatment.domestic_equivalent),
                ("advert_no_foreign_safety", treatment.foreign_safety),
            )
            for key, given in details:
                if given is None:
                    missing[key].append(index)
    for key, field in _ADVERT_KINDS:
        indexes = missing[key]
        if not indexes:
            continue
        # One treatment's path points at it; several share the path with any index.
        where = f"treatments[{indexes[0]}]" if len(indexes) == 1 else "treatments[*]"
        ids = tuple(catalog.treatments[index].id for index in indexes)
        values: dict[str, LintValue] = {"treatments": ids}
        if key in _ADVERT_SCHEMA_TWO:
            # Their fields are schema 2's: the advice says so only to a schema-1 catalog.
            values["schema_version"] = catalog.schema_version
        yield f"{where}.{field}", key, values


def _extra_unit_without_segment_price(catalog: Catalog) -> Iterator[_Found]:
    """A segment's own session price beside a further unit it pays the regular price for."""
    for index, treatment in enumerate(catalog.treatments):
        where = f"treatments[{index}]"
        records: list[tuple[str, str, Treatment | Dose]] = []
        if treatment.price is not None:
            records.append((where, treatment.id, treatment))
        records += [
            (f"{where}.doses[{number}]", f"{treatment.id}:{dose.id}", dose)
            for number, dose in enumerate(treatment.doses)
        ]
        for at, ref, record in records:
            # The record's further unit as a request prices it: its extra_unit_price and the
            # segment prices beside it, the dose's own else its treatment's.
            priced = catalog.treatment(ref)
            extra = priced.extra_unit_price
            if extra is None or priced.unit_limit == 1:
                continue  # no further unit, or one at the session's (segment) price
            holder = at if record.extra_unit_price is not None else where
            for segment, price in record.segment_prices.items():
                if segment not in priced.extra_unit_segment_prices:
                    yield (
                        f"{holder}.extra_unit_segment_prices",
                        "extra_unit_no_segment_price",
                        {"treatment": ref, "segment": segment, "price": price, "extra": extra},
                    )


def _ladder_extra_unit_unpriced(catalog: Catalog) -> Iterator[_Found]:
    """A session a ladder prices beside a further unit that costs the treatment's ``price``."""
    for offer in catalog.offers:
        if not isinstance(offer, Ladder):
            continue
        base, _, dose_id = offer.treatment.partition(":")
        index, treatment = next((i, t) for i, t in enumerate(catalog.treatments) if t.id == base)
        # A ladder for a dosed treatment named alone prices each of its doses.
        priced = [
            (f"treatments[{index}].doses[{number}]", f"{base}:{dose.id}")
            for number, dose in enumerate(treatment.doses)
            if not dose_id or dose.id == dose_id
        ] or [(f"treatments[{index}]", base)]
        for where, ref in priced:
            session = catalog.treatment(ref)
            if session.extra_unit_price is not None or session.unit_limit == 1:
                continue  # its further unit has a price of its own, or none is sold
            # Without extra_unit_price a further unit costs `price` at every place, while
            # the price list gives each session by its place: whether a further unit follows
            # the ladder, the catalog does not say, and the engine takes `price`.
            single = session.session_price
            if all(step.price == single for step in offer.steps):
                continue
            yield (
                f"{where}.extra_unit_price",
                "ladder_extra_unit_unpriced",
                {"id": offer.id, "treatment": ref, "price": single},
            )


_REVISIT_WORDS: Final = ("再診", "return visit", "revisit")
"""What names a return-visit fee (再診料): its ``name`` or ``name_en`` holds one of these,
in any case. Kept narrow on purpose: a fee named otherwise is never flagged."""


def _revisit_every_visit(catalog: Catalog) -> Iterator[_Found]:
    """A return-visit fee charged at every visit, beside a first-visit fee."""
    # 初診料 beside 再診料: a new patient's first visit pays the first and not the second, so
    # a 再診料 charged every visit also charges that first visit, which is what
    # charged = "return_visit" (every visit but a new patient's first) exists for.
    first = next((fee for fee in catalog.fees if fee.charged is Charged.FIRST_VISIT), None)
    if first is None:
        return
    for index, fee in enumerate(catalog.fees):
        if fee.charged is not Charged.EVERY_VISIT:
            continue
        names = (fee.name, fee.name_en or "")
        if any(word in name.casefold() for name in names for word in _REVISIT_WORDS):
            # return_visit is a schema-2 value: a schema-1 file is told to move up too.
            key: LintKey = (
                "revisit_every_visit_v1" if catalog.schema_version == 1 else ("revisit_every_visit")
            )
            yield f"fees[{index}].charged", key, {"id": fee.id, "first": first.id}


def _combos_same_treatments(catalog: Catalog) -> Iterator[_Found]:
    # A visit gets combos that share no treatment, so of two over the same treatments only
    # the one saving more is ever priced; the price list shows both, at two prices. Two that
    # differ in whom or what they serve are both priced: one sold with single sessions only
    # beside one for any visit, or one with segment prices (a member's, a regular's).
    first: dict[frozenset[str], str] = {}
    for index, combo in enumerate(catalog.combos):
        if combo.single_sessions_only or combo.segment_prices:
            continue
        key = frozenset(combo.treatments)
        other = first.setdefault(key, combo.id)
        if other != combo.id:
            yield (
                f"combos[{index}].treatments",
                "combo_same_treatments",
                {"combo": combo.id, "other": other, "treatments": tuple(combo.treatments)},
            )


def _goods_kind_rate(catalog: Catalog) -> Iterator[_Found]:
    # What a goods item is decides its rate (DOMAIN §1): a supplement entered at 10 %, or a
    # quasi-drug at 8 %, bills the patient the wrong tax on every receipt.
    for index, goods in enumerate(catalog.goods):
        expected = None if goods.kind is None else goods.kind.tax
        if expected is not None and goods.tax is not expected:
            yield (
                f"goods[{index}].tax",
                "goods_kind_rate",
                {
                    "id": goods.id,
                    "kind": str(goods.kind),
                    "tax": str(goods.tax),
                    "expected": str(expected),
                },
            )


def _goods_reduced_no_kind(catalog: Catalog) -> Iterator[_Found]:
    # The reduced rate is food's alone, so an item at it should say it is food; nothing is
    # guessed from its name.
    for index, goods in enumerate(catalog.goods):
        if goods.tax is TaxCategory.REDUCED and goods.kind is None:
            yield f"goods[{index}].kind", "goods_reduced_no_kind", {"id": goods.id}


def _offer_every_dose(catalog: Catalog) -> Iterator[_Found]:
    """A set, plan or first-time price on a dosed treatment with no dose named.

    It serves every dose at one price (docs/catalog.md, References): flagged where its
    price per session (at the typical point) is below a dose's single price that is dearer
    than the cheapest dose's, so it undercuts a larger dose by more than it saves on the
    smallest; the fix names the dose it is priced for.
    """
    for index, offer in enumerate(catalog.offers):
        if isinstance(offer, Bundle) and offer.counts_units:
            continue  # a unit ticket's units per visit are SC045's and SC046's
        if isinstance(offer, Bundle):
            per = Fraction(offer.price.typical_point, offer.sessions)
        elif isinstance(offer, Subscription):
            per = Fraction(offer.monthly_fee.typical_point, offer.sessions_per_month)
        elif isinstance(offer, Intro):
            per = Fraction(offer.price.typical_point)  # each first session's price
        else:
            continue
        if ":" in offer.treatment or (isinstance(offer, Bundle) and offer.top_ups):
            continue  # a dose named, or a top-up per dose: the dose pricing is explicit
        treatment = catalog.treatment(offer.treatment)
        if not treatment.doses:
            continue
        cheapest = min(dose.price.typical_point for dose in treatment.doses)
        dearest = max(treatment.doses, key=lambda dose: dose.price.typical_point)
        if not (dearest.price.typical_point > cheapest and per < dearest.price.typical_point):
            continue
        # The dose it is most likely priced for: the cheapest whose single is not below it.
        meant = min(
            (dose for dose in treatment.doses if dose.price.typical_point >= per),
            key=lambda dose: dose.price.typical_point,
        )
        amount, amount_en = _amount_texts(treatment, dearest)
        yield (
            f"offers[{index}].treatment",
            "offer_every_dose",
            {
                "offer": offer.id,
                "treatment": treatment.id,
                "per_session": _rounded(per, Rounding.HALF_UP),
                "dose": f"{treatment.id}:{dearest.id}",
                "amount": amount,
                "amount_en": amount_en,
                "price": dearest.price,
                "suggest": f"{treatment.id}:{meant.id}",
            },
        )


_CHECKS: Final = {
    "SC001": _bundle_dearer,
    "SC002": _bundle_dominated,
    "SC003": _plan_dearer,
    "SC004": _intro_above,
    "SC005": _combo_dearer,
    "SC006": _discount_below_zero,
    "SC008": _bundle_outlasts,
    "SC009": _range_too_wide,
    "SC010": _looks_tax_included,
    "SC011": _dose_inverted,
    "SC012": _dose_step,
    "SC013": _prepaid_set,
    "SC014": _segment_above,
    "SC015": _extra_unit_dearer,
    "SC016": _names_nothing_sold,
    "SC017": _package_dearer,
    "SC018": _package_intro_above,
    "SC019": _ladder_dearer,
    "SC020": _ladder_first,
    "SC021": _intro_dominated,
    "SC022": _fee_group_of_one,
    "SC023": _advertising_incomplete,
    "SC024": _extra_unit_without_segment_price,
    "SC025": _ladder_extra_unit_unpriced,
    "SC026": _revisit_every_visit,
    "SC027": _combos_same_treatments,
    "SC028": _goods_kind_rate,
    "SC029": _goods_reduced_no_kind,
    "SC030": _offer_every_dose,
    "SC031": _intro_whole_below_single,
    "SC032": _enrollment_campaign_not_lower,
    "SC040": _first_n_without_per_patient,
    "SC041": _first_month_not_lower,
    "SC042": _plan_discount_every_month,
    "SC045": _unit_ticket_one_unit,
    "SC046": _unit_ticket_every_dose,
    "SC050": _dose_unnamed,
    "SC051": _without_combos_no_combo,
    "SC052": _member_price_under_ladder,
    "SC053": _not_with_what_is_not_sold,
    "SC054": _dose_units_uncounted,
    "SC055": _dated_discount_on_unit_ticket,
    "SC056": _not_with_its_only_targets,
    "SC057": _ladder_within_idle,
    "SC060": _segment_unnamed,
    "SC061": _loan_above_interest_tier,
    "SC062": _shared_above_single,
    "SC063": _gift_in_name_only,
    "SC064": _top_up_above_single,
    "SC065": _upgrade_above_singles,
    "SC066": _unit_ticket_too_small,
    "SC067": _ladder_as_price_change,
}
"""The rules checked on a validated catalog; SC007 is checked on the file's data."""


# ---------------------------------------------------------------------------
# Linting


def _disabled_ids(disabled: Mapping[str, str] | None) -> frozenset[str]:
    if not disabled:
        return frozenset()
    ids: set[str] = set()
    for key, reason in disabled.items():
        found = rule(key)
        if not isinstance(reason, str) or not reason.strip():
            raise CatalogError(
                [
                    CatalogProblem(
                        "lint.disable",
                        f"switching off {found.id} needs a reason; say why it does not apply",
                        code="value.lint_reason",
                        params=(("rule", found.id),),
                    )
                ]
            )
        ids.add(found.id)
    return frozenset(ids)


def lint_catalog(
    catalog: Catalog, *, disabled: Mapping[str, str] | None = None
) -> tuple[LintFinding, ...]:
    """Every lint finding of a validated catalog, in rule order, then catalog order.

    Example:
        >>> from supecost.catalog import validate_catalog
        >>> catalog = validate_catalog({"schema_version": 1,
        ...     "clinic": {"name": "A", "contact": "03-0000-0000"},
        ...     "treatments": [{"id": "x", "name": "X", "price": 10000, "risks": "内出血",
        ...                     "unapproved": False, "typical_course": {"sessions": 1}}],
        ...     "offers": [{"kind": "intro", "id": "x-first", "treatment": "x",
        ...                 "price": 12000}]})
        >>> finding, period = lint_catalog(catalog)
        >>> finding.rule.id, finding.path, finding.key
        ('SC004', 'offers[0].price', 'intro_above')
        >>> period.rule.id, period.rule.severity, period.path
        ('SC023', 'notice', 'treatments[0].typical_course.months')
        >>> finding.values["price"], finding.values["single"]
        (YenRange(min=12000, max=12000), YenRange(min=10000, max=10000))
        >>> from supecost.present import lint_text
        >>> lint_text(finding, "en_US")
        'the first-time price ¥12,000 is above the regular price ¥10,000: ...'
        >>> lint_text(finding)
        '初回価格12,000円が通常の1回の料金10,000円より高くなっています。...'
        >>> lint_catalog(catalog, disabled={"SC004": "a longer first session",
        ...                                 "SC023": "the page gives the period"})
        ()

    Args:
        catalog: The catalog; the rules its ``[lint]`` table switches off are skipped.
        disabled: More rules to skip (by id or slug), each with the reason why.

    Returns:
        The findings; empty when nothing is found.

    Raises:
        CatalogError: A disabled rule is unknown or has no reason.
    """
    skipped = _disabled_ids({**_waivers(catalog, None), **(disabled or {})})
    findings: list[LintFinding] = []
    for rule_id, check in _CHECKS.items():
        if rule_id in skipped:
            continue
        found = _BY_KEY[rule_id]
        findings += [
            LintFinding(found, path, key, FrozenMapping(values))
            for path, key, values in check(catalog)
        ]
    return tuple(findings)


def _typicals_outside(data: object, path: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every price range in raw data whose typical lies outside its bounds."""
    if isinstance(data, dict):
        if _is_bad_range(data):
            yield path, data
            return
        for key, value in data.items():
            yield from _typicals_outside(value, f"{path}.{key}" if path else str(key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _typicals_outside(value, f"{path}[{index}]")


def _is_bad_range(data: dict[str, Any]) -> bool:
    if not set(data) <= {"min", "typical", "max"}:
        return False
    low, typical, high = data.get("min"), data.get("typical"), data.get("max")
    if type(low) is not int or type(typical) is not int:
        return False
    if high is not None and type(high) is not int:
        return False
    return typical < low or (high is not None and typical > high)


def _waivers(
    catalog: Catalog, source: str | None = None, locate: Locator | None = None
) -> dict[str, str]:
    """The rules the catalog's ``[lint]`` table switches off, each with its reason.

    The one check that the table names known rules, for ``catalog validate``
    and ``catalog lint`` alike; each unknown rule is a problem at its line.
    """
    disabled: dict[str, str] = {}
    problems: list[CatalogProblem] = []
    for index, waiver in enumerate(catalog.lint.disable if catalog.lint else ()):
        try:
            disabled[rule(waiver.rule).id] = waiver.reason
        except CatalogError as error:
            path = f"lint.disable[{index}].rule"
            line = locate(path) if locate else None
            unknown = error.problems[0]
            problems.append(
                CatalogProblem(
                    path, unknown.message, source, line, code=unknown.code, params=unknown.params
                )
            )
    if problems:
        raise CatalogError(problems)
    return disabled


def validate_file(path: str | Path) -> Catalog:
    """Load a catalog file as ``supecost catalog validate`` does, its ``[lint]`` table checked.

    :func:`~supecost.catalog.load_catalog` does not know the lint rules (the
    catalog comes before lint), so a ``[lint]`` table naming an unknown rule
    loads; this refuses it, at its line, as ``catalog lint`` does.

    Example:
        >>> import pathlib, tempfile
        >>> file = pathlib.Path(tempfile.mkdtemp()) / "c.toml"
        >>> _ = file.write_text('''schema_version = 1
        ... clinic = { name = "A" }
        ... treatments = [{ id = "x", name = "X", price = 1000 }]
        ... [lint]
        ... disable = [{ rule = "range-to-wide", reason = "prices vary with the dose" }]
        ... ''', encoding="utf-8")
        >>> validate_file(file)
        Traceback (most recent call last):
        ...
        supecost.errors.CatalogError: 1 problem in the catalog:
          ...c.toml:5: lint.disable[0].rule: unknown lint rule 'range-to-wide'; did you mean ...

    Args:
        path: The catalog file.

    Returns:
        The validated catalog.

    Raises:
        CatalogError: As :func:`~supecost.catalog.load_catalog`, or the
            ``[lint]`` table names a rule that does not exist.
    """
    raw, format_, source = read_catalog_file(path)
    data, locate = parse_catalog_data(raw, format=format_, source=source)
    catalog = validate_catalog(data, source=source, locate=locate, format=format_)
    _waivers(catalog, source, locate)
    return catalog


def lint_file(path: str | Path) -> tuple[LintFinding, ...]:
    """Lint a catalog file (``.toml`` or ``.json``), honouring its ``[lint]`` table.

    Example:
        >>> import pathlib, tempfile
        >>> file = pathlib.Path(tempfile.mkdtemp()) / "c.toml"
        >>> _ = file.write_text('''
        ... schema_version = 1
        ... [clinic]
        ... name = "A"
        ... [[treatments]]
        ... id = "x"
        ... name = "X"
        ... price = { min = 1000, typical = 9000, max = 5000 }
        ... [lint]
        ... disable = [{ rule = "SC009", reason = "prices vary with the dose" },
        ...   { rule = "SC023", reason = "not published as a page" }]
        ... ''', encoding="utf-8")
        >>> [finding] = lint_file(file)
        >>> print(finding)
        SC007 treatments[0].price: typical_outside
        >>> finding.values["typical"], finding.values["bounds"]
        (YenRange(min=9000, max=9000), YenRange(min=1000, max=5000))

    Args:
        path: The catalog file.

    Returns:
        The findings, SC007 first, then as :func:`lint_catalog`.

    Raises:
        CatalogError: The file cannot be read or does not validate (apart from
            the typical values SC007 reports), or its ``[lint]`` table is wrong.
    """
    raw, format_, source = read_catalog_file(path)
    data, locate = parse_catalog_data(raw, format=format_, source=source)
    findings = []
    if isinstance(data, dict):
        for where, price in list(_typicals_outside(data)):
            findings.append(
                LintFinding.of(
                    _BY_KEY["SC007"],
                    where,
                    "typical_outside",
                    typical=_exact(price["typical"]),
                    bounds=YenRange(price["min"], price.get("max")),
                )
            )
            # Reported here; the schema would refuse the range and hide every other finding.
            del price["typical"]
    catalog = validate_catalog(data, source=source, locate=locate, format=format_)
    disabled = _waivers(catalog, source, locate)
    if "SC007" in disabled:
        findings = []
    return tuple(findings) + lint_catalog(catalog)


_MOVED: Final = {
    "format_findings": "supecost.present.format_findings",
    "findings_to_json": "supecost.present.findings_to_json",
    "lint_main": 'supecost.cli.main(["catalog", "lint", path, "--locale", locale])',
}
"""What rendered findings in English here, and where it renders them in a locale now."""


def __getattr__(name: str) -> NoReturn:
    # Words come at rendering, above this module (tests/test_init.py), so these moved there.
    if name in _MOVED:
        raise AttributeError(
            f"supecost.lint.{name} moved to {_MOVED[name]}, which renders findings in a locale "
            f"(locale='ja_JP' or 'en_US'); import it from there"
        )
    raise AttributeError(f"module 'supecost.lint' has no attribute {name!r}")
