#!/usr/bin/env python3
"""Loopback stand-in for the Bot Framework channel authority and the Entra token endpoint, for load runs with
authentication on. Generates an RSA key and a self-signed certificate, serves:
  http://127.0.0.1:$META_PORT/v1/.well-known/openidconfiguration  (+ /v1/.well-known/keys, endorsed for msteams)
  https://127.0.0.1:$TOKEN_PORT/{tenant}/oauth2/v2.0/token         (client credentials -> a bearer token)
and writes into $OUT: token (a channel JWT valid 24 h for $APP_ID and $SERVICE_URL) and cert.pem (trust it with
SSL_CERT_FILE so the bot's MSAL accepts the HTTPS token endpoint). Needs python3-cryptography."""
import base64, json, os, ssl, sys, threading, time, ipaddress, datetime
from http.server import ThreadingHTTPServer, BaseHTTPRequestHandler
from cryptography import x509
from cryptography.x509.oid import NameOID
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa, padding

app_id = os.environ["APP_ID"]; service_url = os.environ["SERVICE_URL"]; out = os.environ["OUT"]
meta_port = int(os.environ["META_PORT"]); token_port = int(os.environ["TOKEN_PORT"])
b64 = lambda b: base64.urlsafe_b64encode(b).rstrip(b"=").decode()
key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
pub = key.public_key().public_numbers()
num = lambda n: b64(n.to_bytes((n.bit_length() + 7) // 8, "big"))
jwks = json.dumps({"keys": [{"kty": "RSA", "use": "sig", "kid": "bench", "n": num(pub.n), "e": num(pub.e), "endorsements": ["msteams"]}]})
meta = json.dumps({"issuer": "https://api.botframework.com", "jwks_uri": f"http://127.0.0.1:{meta_port}/v1/.well-known/keys",
                   "id_token_signing_alg_values_supported": ["RS256"]})
now = int(time.time())
header = b64(json.dumps({"alg": "RS256", "kid": "bench", "typ": "JWT"}).encode())
payload = b64(json.dumps({"iss": "https://api.botframework.com", "aud": app_id, "serviceurl": service_url,
                          "nbf": now - 60, "iat": now - 60, "exp": now + 86400}).encode())
signature = b64(key.sign(f"{header}.{payload}".encode(), padding.PKCS1v15(), hashes.SHA256()))
open(os.path.join(out, "token"), "w").write(f"{header}.{payload}.{signature}")

name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(days=1))
        .not_valid_after(datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=2))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256()))
open(os.path.join(out, "cert.pem"), "wb").write(cert.public_bytes(serialization.Encoding.PEM))
open(os.path.join(out, "key.pem"), "wb").write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))

class Handler(BaseHTTPRequestHandler):
    def log_message(self, *a): pass
    def reply(self, body):
        data = body.encode(); self.send_response(200); self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data))); self.end_headers(); self.wfile.write(data)
    def do_GET(self):
        self.reply(jwks if self.path.endswith("/keys") else meta)
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.reply(json.dumps({"token_type": "Bearer", "expires_in": 3600, "ext_expires_in": 3600, "access_token": "bench-connector-token"}))

meta_server = ThreadingHTTPServer(("127.0.0.1", meta_port), Handler)
token_server = ThreadingHTTPServer(("127.0.0.1", token_port), Handler)
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER); ctx.load_cert_chain(os.path.join(out, "cert.pem"), os.path.join(out, "key.pem"))
token_server.socket = ctx.wrap_socket(token_server.socket, server_side=True)
threading.Thread(target=token_server.serve_forever, daemon=True).start()
print("ready", flush=True)
meta_server.serve_forever()
