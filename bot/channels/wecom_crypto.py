"""WeCom's callback cryptography (WXBizMsgCrypt): SHA1 signatures, AES-256-CBC with the EncodingAESKey, PKCS#7 to
32 bytes, and the receiver id that must match. The cipher is `cryptography`'s; only the framing is written here,
and Tencent's own sample vectors check it (tests/e2e/test_wecom.py)."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import struct

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

BLOCK = 32


class CryptoError(ValueError):
    """A callback that does not verify or decrypt; `code` is Tencent's error number (-40001 …)."""

    def __init__(self, code: int, message: str) -> None:
        super().__init__(message)
        self.code = code


class WeComCrypto:
    def __init__(self, token: str, encoding_aes_key: str, receive_id: str) -> None:
        try:
            key = base64.b64decode(encoding_aes_key + "=", validate=True)
        except binascii.Error:
            key = b""
        if len(key) != 32:
            raise CryptoError(-40004, "EncodingAESKey must be 43 characters of base64 (a 32-byte key)")
        self.token = token
        self.key = key
        self.receive_id = receive_id

    def signature(self, timestamp: str, nonce: str, encrypted: str) -> str:
        return hashlib.sha1("".join(sorted([self.token, timestamp, nonce, encrypted])).encode()).hexdigest()

    def verify(self, signature: str, timestamp: str, nonce: str, encrypted: str) -> None:
        if not hmac.compare_digest(self.signature(timestamp, nonce, encrypted), signature.lower()):
            raise CryptoError(-40001, "signature does not match")

    def verify_url(self, signature: str, timestamp: str, nonce: str, echostr: str) -> str:
        """The plaintext to answer a URL verification GET with."""
        self.verify(signature, timestamp, nonce, echostr)
        return self.decrypt(echostr)

    def decrypt(self, encrypted: str) -> str:
        try:
            data = base64.b64decode(encrypted, validate=True)
        except binascii.Error:
            raise CryptoError(-40010, "not base64") from None
        if not data or len(data) % 16:
            raise CryptoError(-40007, "not a whole number of AES blocks")
        decryptor = Cipher(algorithms.AES(self.key), modes.CBC(self.key[:16])).decryptor()
        plain = decryptor.update(data) + decryptor.finalize()
        pad = plain[-1]
        if not 1 <= pad <= BLOCK or plain[-pad:] != bytes([pad]) * pad:
            raise CryptoError(-40007, "bad padding")
        body = plain[16:-pad]
        if len(body) < 4:
            raise CryptoError(-40008, "too short")
        (length,) = struct.unpack(">I", body[:4])
        message, receiver = body[4 : 4 + length], body[4 + length :]
        if len(message) != length:
            raise CryptoError(-40008, "length does not match")
        if receiver.decode("utf-8", "replace") != self.receive_id:
            raise CryptoError(-40005, "receiver id does not match")
        try:
            return message.decode("utf-8")
        except UnicodeDecodeError:
            raise CryptoError(-40008, "not UTF-8") from None

    def encrypt(self, plaintext: str, random16: bytes | None = None) -> str:
        message = plaintext.encode("utf-8")
        body = (random16 or os.urandom(16)) + struct.pack(">I", len(message)) + message + self.receive_id.encode()
        pad = BLOCK - len(body) % BLOCK
        encryptor = Cipher(algorithms.AES(self.key), modes.CBC(self.key[:16])).encryptor()
        data = encryptor.update(body + bytes([pad]) * pad) + encryptor.finalize()
        return base64.b64encode(data).decode()

    def reply_xml(self, plaintext: str, timestamp: str, nonce: str, random16: bytes | None = None) -> str:
        """A passive encrypted reply, in the layout of Tencent's sample (kehu replies through the send API)."""
        encrypted = self.encrypt(plaintext, random16)
        signature = self.signature(timestamp, nonce, encrypted)
        return (
            f"<xml>\n<Encrypt><![CDATA[{encrypted}]]></Encrypt>\n<MsgSignature><![CDATA[{signature}]]></MsgSignature>\n"
            f"<TimeStamp>{timestamp}</TimeStamp>\n<Nonce><![CDATA[{nonce}]]></Nonce>\n</xml>"
        )
