"""`kehu run` with platforms: every configured channel on one event loop, stopped together on SIGINT/SIGTERM."""

from __future__ import annotations

import asyncio
import signal
from typing import TYPE_CHECKING

from bot.bootstrap import App
from bot.channels import Channel
from bot.config import Settings
from bot.ops import start_ops

if TYPE_CHECKING:
    import uvicorn


async def serve(app: App, settings: Settings) -> None:
    serving: list[Channel] = []
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    ops = start_ops(app, settings.ops_listen, settings.ops_port) if settings.ops_port else None
    desk: tuple[uvicorn.Server, asyncio.Task[None]] | None = None
    try:
        if settings.web_port is not None:
            from bot.web.app import server

            web = server(app, settings, embedded=True)
            desk = (web, asyncio.create_task(web.serve()))
        if settings.telegram_bot_token is not None:
            from bot.channels.telegram import TelegramChannel

            telegram = TelegramChannel(
                app, settings.telegram_bot_token.get_secret_value(), base_url=settings.telegram_api_url
            )
            if settings.webhook_url and settings.webhook_secret:
                secret = settings.webhook_secret.get_secret_value()
                await telegram.start_webhook(
                    settings.webhook_listen, settings.webhook_port, settings.webhook_url, secret
                )
            else:
                await telegram.start_polling()
            serving.append(telegram)
        if settings.wecom_enabled:
            from bot.channels.wecom import WeComChannel

            assert settings.wecom_secret and settings.wecom_token and settings.wecom_aes_key
            assert settings.wecom_corp_id is not None and settings.wecom_agent_id is not None
            wecom = WeComChannel(
                app,
                corp_id=settings.wecom_corp_id,
                agent_id=settings.wecom_agent_id,
                secret=settings.wecom_secret.get_secret_value(),
                token=settings.wecom_token.get_secret_value(),
                aes_key=settings.wecom_aes_key.get_secret_value(),
                api_url=settings.wecom_api_url,
            )
            await wecom.start(settings.wecom_listen, settings.wecom_port)
            serving.append(wecom)
        if settings.wecom_bot_enabled:
            from bot.channels.wecom_aibot import WeComAiBotChannel

            assert settings.wecom_bot_id is not None and settings.wecom_bot_secret is not None
            aibot = WeComAiBotChannel(
                app,
                bot_id=settings.wecom_bot_id,
                secret=settings.wecom_bot_secret.get_secret_value(),
                ws_url=settings.wecom_bot_ws_url,
                pushes=not settings.wecom_enabled,  # with the app configured, pushes go through the app
            )
            await aibot.start()
            serving.append(aibot)
        await stop.wait()
    finally:
        if ops is not None:
            ops.stop()  # the load balancer's health check fails first, then the channels drain
        for channel in reversed(serving):
            await channel.stop()
        if desk is not None:
            desk[0].should_exit = True
            await desk[1]
