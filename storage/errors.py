"""Domain exceptions. Each carries a catalogue code; handlers turn them into user texts in one place."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """A failure the user should hear about in plain words; `code` names the catalogue text."""

    code = "error.generic"

    def __init__(self, **params: Any) -> None:
        super().__init__(self.code)
        self.params = params


class StorageUnavailable(DomainError):
    """The database did not answer; the user is asked to try again, nothing was half-saved."""

    code = "error.storage_unavailable"


class NotFound(DomainError):
    code = "error.not_found"


class Forbidden(DomainError):
    """The acting user's role or scope does not allow this."""

    code = "error.forbidden"


class NotInScope(Forbidden):
    """A name outside the actor's teams, whether or not such a person exists: the answer is the same, so that a
    refusal never confirms that a name is on the staff."""

    code = "error.not_in_scope"


class ButtonExpired(DomainError):
    """A button whose row expired, was already used, or never existed."""

    code = "error.button_expired"


class ButtonNotYours(DomainError):
    """A button pressed by someone other than the user it was shown to."""

    code = "error.button_not_yours"


class UnknownStaff(DomainError):
    """A console `--as` or a CLI argument that names nobody."""

    code = "error.unknown_staff"


class CustomerExists(DomainError):
    """Creating a customer whose normalised name this manager already has (华星科技 vs 华星科技有限公司)."""

    code = "error.customer_exists"


class TooLate(DomainError):
    """A visit can be withdrawn by its author for 24 hours only."""

    code = "error.too_late"
