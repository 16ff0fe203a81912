"""Signing in by a one-time link, signing out, and the home page for each role."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from bot.web.desk import COOKIE, Desk, Visitor
from storage.errors import DomainError
from storage.services import web_auth
from storage.uow import UnitOfWork


def routes(desk: Desk) -> list[Route]:
    async def login(request: Request) -> Response:
        """Uses the link up and sets the session cookie, then leaves the token's address at once."""
        signed = request.path_params["token"]
        now = desk.now()

        def redeem(uow: UnitOfWork) -> tuple[str, web_auth.WebUser]:
            return web_auth.redeem(uow, signed, web_auth.signing_key(uow, desk.secret, now), now)

        try:
            cookie, user = await desk.run(redeem, commit=True)
        except DomainError:
            return desk.message(request, None, "web.link_refused", status=403)
        response = RedirectResponse("/", status_code=303)
        max_age = int((user.expires_at - now).total_seconds())
        response.set_cookie(
            COOKIE, cookie, max_age=max_age, httponly=True, samesite="lax", secure=desk.secure_cookie, path="/"
        )
        return response

    async def signin(request: Request) -> Response:
        return desk.message(request, None, "web.signin_hint", status=401)

    @desk.page()
    async def home(request: Request, visitor: Visitor) -> Response:
        return desk.render(request, visitor, "home.html", {})

    @desk.page()
    async def logout(request: Request, visitor: Visitor) -> Response:
        cookie = request.cookies.get(COOKIE, "")
        await desk.run(lambda uow: web_auth.sign_out(uow, cookie, visitor.staff_id, desk.now()), commit=True)
        response = desk.message(request, None, "web.signed_out_done")
        response.delete_cookie(COOKIE, path="/")
        return response

    return [
        Route("/", home),
        Route("/signin", signin),
        Route("/login/{token}", login),
        Route("/logout", logout, methods=["POST"]),
    ]
