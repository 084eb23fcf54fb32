/*
 * Verification snippets for a webhook's signature profile, in Node, Python, Java and PHP, as
 * plain text. Shared by the portal and the console.
 */
(function () {
  'use strict';
  function standard() {
    return {
      Node: [
        "// npm install standardwebhooks",
        "import { Webhook } from 'standardwebhooks';",
        "const wh = new Webhook(process.env.WEBHOOK_SECRET); // whsec_...",
        "// rawBody: the request body exactly as received (a string or Buffer)",
        "const event = wh.verify(rawBody, req.headers); // throws when it does not verify"
      ].join('\n'),
      Python: [
        "# pip install standardwebhooks",
        "from standardwebhooks.webhooks import Webhook",
        "wh = Webhook(os.environ['WEBHOOK_SECRET'])  # whsec_...",
        "event = wh.verify(raw_body, dict(request.headers))  # raises when it does not verify"
      ].join('\n'),
      Java: [
        "// com.standardwebhooks:standardwebhooks",
        "import com.standardwebhooks.Webhook;",
        "Webhook wh = new Webhook(System.getenv(\"WEBHOOK_SECRET\")); // whsec_...",
        "// headers: java.net.http.HttpHeaders of the request; rawBody: the body as received",
        "wh.verify(rawBody, headers); // throws WebhookVerificationException"
      ].join('\n'),
      PHP: [
        "// composer require standard-webhooks/standard-webhooks",
        "$wh = new \\StandardWebhooks\\Webhook(getenv('WEBHOOK_SECRET')); // whsec_...",
        "$payload = $wh->verify(file_get_contents('php://input'), getallheaders());"
      ].join('\n')
    };
  }

  function hmac(header, encoding, timestampHeader) {
    var h = header.toLowerCase();
    var ts = timestampHeader ? timestampHeader.toLowerCase() : null;
    var node = ["const crypto = require('crypto');"];
    var py = ["import hmac, hashlib, base64"];
    var java = ["import javax.crypto.Mac;", "import javax.crypto.spec.SecretKeySpec;"];
    var php = [];
    if (ts) {
      node.push("const signed = req.headers['" + ts + "'] + rawBody; // the timestamp, then the body");
      py.push("signed = request.headers['" + timestampHeader + "'].encode() + raw_body");
      java.push("byte[] signed = (timestampHeader + rawBody).getBytes(StandardCharsets.UTF_8);");
      php.push("$signed = $_SERVER['HTTP_" + timestampHeader.toUpperCase().replace(/-/g, '_')
          + "'] . file_get_contents('php://input');");
    } else {
      node.push("const signed = rawBody; // the body exactly as received");
      py.push("signed = raw_body  # the body exactly as received (bytes)");
      java.push("byte[] signed = rawBody; // the body exactly as received");
      php.push("$signed = file_get_contents('php://input');");
    }
    node.push("const expected = crypto.createHmac('sha256', process.env.WEBHOOK_SECRET)"
        + ".update(signed).digest('" + encoding + "');");
    node.push("const given = req.headers['" + h + "'] || '';");
    node.push("const ok = given.length === expected.length");
    node.push("  && crypto.timingSafeEqual(Buffer.from(given), Buffer.from(expected));");
    py.push("digest = hmac.new(os.environ['WEBHOOK_SECRET'].encode(), signed, hashlib.sha256).digest()");
    py.push("expected = " + (encoding === 'hex' ? "digest.hex()" : "base64.b64encode(digest).decode()"));
    py.push("ok = hmac.compare_digest(expected, request.headers.get('" + header + "', ''))");
    java.push("Mac mac = Mac.getInstance(\"HmacSHA256\");");
    java.push("mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), \"HmacSHA256\"));");
    java.push("byte[] digest = mac.doFinal(signed);");
    java.push("String expected = " + (encoding === 'hex' ? "HexFormat.of().formatHex(digest);"
        : "Base64.getEncoder().encodeToString(digest);"));
    java.push("boolean ok = MessageDigest.isEqual(expected.getBytes(), request.getHeader(\""
        + header + "\").getBytes());");
    php.push("$expected = " + (encoding === 'hex'
        ? "hash_hmac('sha256', $signed, getenv('WEBHOOK_SECRET'));"
        : "base64_encode(hash_hmac('sha256', $signed, getenv('WEBHOOK_SECRET'), true));"));
    php.push("$ok = hash_equals($expected, $_SERVER['HTTP_" + header.toUpperCase().replace(/-/g, '_')
        + "'] ?? '');");
    return {Node: node.join('\n'), Python: py.join('\n'), Java: java.join('\n'), PHP: php.join('\n')};
  }

  /** Ed25519 (v1a): verified with the public key alone, by each language's own crypto. */
  function ed25519() {
    return {
      Node: [
        "const crypto = require('crypto');",
        "// WEBHOOK_PUBLIC_KEY: whpk_... from the webhook (a public key, not a secret)",
        "const publicKey = crypto.createPublicKey({format: 'jwk', key: {kty: 'OKP', crv: 'Ed25519',",
        "  x: Buffer.from(process.env.WEBHOOK_PUBLIC_KEY.slice(5), 'base64').toString('base64url')}});",
        "const id = req.headers['webhook-id'], ts = req.headers['webhook-timestamp'];",
        "const fresh = Math.abs(Date.now() / 1000 - Number(ts)) <= 300;",
        "// rawBody: the request body exactly as received (a Buffer)",
        "const signed = Buffer.concat([Buffer.from(`${id}.${ts}.`), rawBody]);",
        "const ok = fresh && req.headers['webhook-signature'].split(' ').some(s => s.startsWith('v1a,')",
        "  && crypto.verify(null, signed, publicKey, Buffer.from(s.slice(4), 'base64')));"
      ].join('\n'),
      Python: [
        "# pip install cryptography",
        "import base64, os, time",
        "from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey",
        "key = Ed25519PublicKey.from_public_bytes(base64.b64decode(os.environ['WEBHOOK_PUBLIC_KEY'][5:]))",
        "msg_id, ts = request.headers['webhook-id'], request.headers['webhook-timestamp']",
        "signed = f'{msg_id}.{ts}.'.encode() + raw_body  # the body exactly as received (bytes)",
        "def valid(s):",
        "    try:",
        "        key.verify(base64.b64decode(s[4:]), signed)",
        "        return True",
        "    except Exception:",
        "        return False",
        "ok = abs(time.time() - int(ts)) <= 300 and any(",
        "    s.startswith('v1a,') and valid(s) for s in request.headers['webhook-signature'].split(' '))"
      ].join('\n'),
      Java: [
        "// JDK 15+ only: Ed25519 is built in",
        "byte[] raw = Base64.getDecoder().decode(System.getenv(\"WEBHOOK_PUBLIC_KEY\").substring(5));",
        "byte[] der = HexFormat.of().parseHex(\"302a300506032b6570032100\" + HexFormat.of().formatHex(raw));",
        "PublicKey key = KeyFactory.getInstance(\"Ed25519\").generatePublic(new X509EncodedKeySpec(der));",
        "byte[] signed = (id + \".\" + ts + \".\" + new String(rawBody, StandardCharsets.UTF_8))",
        "    .getBytes(StandardCharsets.UTF_8);",
        "boolean ok = false;",
        "for (String s : signatureHeader.split(\" \")) {",
        "  if (!s.startsWith(\"v1a,\")) continue;",
        "  Signature v = Signature.getInstance(\"Ed25519\");",
        "  v.initVerify(key);",
        "  v.update(signed);",
        "  ok |= v.verify(Base64.getDecoder().decode(s.substring(4)));",
        "}"
      ].join('\n'),
      PHP: [
        "// ext-sodium (bundled with PHP 7.2+)",
        "$pk = base64_decode(substr(getenv('WEBHOOK_PUBLIC_KEY'), 5));",
        "$signed = $_SERVER['HTTP_WEBHOOK_ID'] . '.' . $_SERVER['HTTP_WEBHOOK_TIMESTAMP'] . '.'",
        "    . file_get_contents('php://input');",
        "$ok = false;",
        "foreach (explode(' ', $_SERVER['HTTP_WEBHOOK_SIGNATURE']) as $s) {",
        "  if (str_starts_with($s, 'v1a,') && sodium_crypto_sign_verify_detached(",
        "      base64_decode(substr($s, 4)), $signed, $pk)) { $ok = true; }",
        "}"
      ].join('\n')
    };
  }

  /** The snippets for a webhook's {scheme, header, timestampHeader}. */
  window.HS_SNIPPETS = function (signature) {
    var s = signature || {scheme: 'standard-webhooks'};
    switch (s.scheme) {
      case 'hmac-sha256-hex': return hmac(s.header, 'hex', null);
      case 'hmac-sha256-base64': return hmac(s.header, 'base64', null);
      case 'hmac-sha256-hex-timestamp': return hmac(s.header, 'hex', s.timestampHeader);
      case 'standard-webhooks-ed25519': return ed25519();
      default: return standard();
    }
  };
})();
