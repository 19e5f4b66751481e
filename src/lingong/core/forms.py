"""Helpers that let thin page views show a service's DomainError on the form that caused it."""

from __future__ import annotations

from django import forms

from lingong.core.errors import DomainError


def add_domain_error(form: forms.Form, exc: DomainError) -> None:
    """Attach field errors where the form has the field, the rest as a form-wide error."""
    placed = False
    for field, messages in exc.errors.items():
        for message in messages:
            if field in form.fields:
                form.add_error(field, message)
                placed = True
    if not placed or not exc.errors:
        form.add_error(None, exc.message)
