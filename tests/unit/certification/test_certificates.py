"""Certificate rules: expiry, revocation, the evidence boundary, readable verification codes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from simulator.certification.rules import certificates as rules
from tests.unit.certification.helpers import NOW


@dataclass
class Cert:
    issued_at: datetime
    expires_at: datetime | None = None
    revoked_at: datetime | None = None


def test_status_valid_expired_revoked_and_revocation_wins():
    assert rules.status_of(Cert(NOW - timedelta(days=1), NOW + timedelta(days=1)), NOW) == "valid"
    assert rules.status_of(Cert(NOW - timedelta(days=9), NOW - timedelta(days=1)), NOW) == "expired"
    assert rules.status_of(Cert(NOW - timedelta(days=9), None), NOW) == "valid"  # no expiry
    assert rules.status_of(Cert(NOW - timedelta(days=9), NOW - timedelta(days=1), NOW - timedelta(days=5)), NOW) == "revoked"


def test_naive_database_timestamps_are_read_as_utc():
    naive = (NOW - timedelta(days=1)).replace(tzinfo=None)
    assert rules.status_of(Cert(naive, naive), NOW) == "expired"


def test_expiry_from_validity_days():
    assert rules.expiry(NOW, 30) == NOW + timedelta(days=30)
    assert rules.expiry(NOW, None) is None


def test_evidence_must_postdate_the_last_certificate_that_ended():
    expired = Cert(NOW - timedelta(days=200), NOW - timedelta(days=20))
    revoked = Cert(NOW - timedelta(days=50), None, NOW - timedelta(days=10))
    valid = Cert(NOW - timedelta(days=5), NOW + timedelta(days=100))
    assert rules.evidence_since([], NOW) is None
    assert rules.evidence_since([expired], NOW) == expired.issued_at
    assert rules.evidence_since([expired, revoked], NOW) == revoked.revoked_at
    assert rules.evidence_since([valid], NOW) is None  # a valid certificate keeps its own evidence counting
    assert rules.has_valid([expired, valid], NOW) and not rules.has_valid([expired, revoked], NOW)


def test_codes_are_unambiguous_and_normalised_from_what_people_type():
    codes = {rules.new_code() for _ in range(200)}
    assert len(codes) == 200
    for code in codes:
        assert re.fullmatch(r"CS-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}", code)
    code = next(iter(codes))
    assert rules.normalise_code(code.lower().replace("-", " ")) == code
    assert rules.normalise_code(code[3:]) == code


def test_a_code_whose_body_starts_with_cs_is_not_mistaken_for_the_prefix():
    assert rules.normalise_code("CSPX-D6SR-4SDE") == "CS-CSPX-D6SR-4SDE"
    assert rules.normalise_code("cs cspx d6sr 4sde") == "CS-CSPX-D6SR-4SDE"
