from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from lingong.core.pagination import paginate
from lingong.core.schemas import ERRORS, PageOut, page_dict
from lingong.notifications import selectors, services

# Every endpoint here needs a signed-in user: lingong/api.py mounts this router with the accounts app's auth
# (token or session), which also sets request.user. Notifications sit below accounts and import none of it.
router = Router(tags=["消息"])


class NotificationOut(Schema):
    id: int
    kind: str
    title: str
    body: str
    url: str  # the page where the recipient acts next
    link_text: str  # what that step is called, e.g. "去签署劳务协议"
    created_at: dt.datetime
    read: bool


class UnreadOut(Schema):
    unread: int


class ReadIn(Schema):
    id: int | None = None


@router.get("", response={200: PageOut[NotificationOut], **ERRORS}, summary="消息列表")
def inbox(request: HttpRequest, page: int = 1, page_size: int = 20) -> dict[str, Any]:
    result = paginate(selectors.inbox(request.user), page, page_size)
    items = [
        {
            "id": n.pk,
            "kind": n.kind,
            "title": n.title,
            "body": n.body,
            "url": n.url,
            "link_text": n.link_label,
            "created_at": n.created_at,
            "read": n.read_at is not None,
        }
        for n in result.items
    ]
    return page_dict(result, items)


@router.get("/unread-count", response={200: UnreadOut, **ERRORS}, summary="未读数")
def unread(request: HttpRequest) -> dict[str, Any]:
    return {"unread": selectors.unread_count(request.user)}


@router.post("/read", response={200: UnreadOut, **ERRORS}, summary="标记已读（不传 id 则全部已读）")
def mark_read(request: HttpRequest, payload: ReadIn) -> dict[str, Any]:
    services.mark_read(user=request.user, notification_id=payload.id)
    return {"unread": selectors.unread_count(request.user)}
