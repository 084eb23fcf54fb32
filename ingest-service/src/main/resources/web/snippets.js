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

  /** The snippets for a webhook's {scheme, header, timestampHeader}. */
  window.HS_SNIPPETS = function (signature) {
    var s = signature || {scheme: 'standard-webhooks'};
    switch (s.scheme) {
      case 'hmac-sha256-hex': return hmac(s.header, 'hex', null);
      case 'hmac-sha256-base64': return hmac(s.header, 'base64', null);
      case 'hmac-sha256-hex-timestamp': return hmac(s.header, 'hex', s.timestampHeader);
      default: return standard();
    }
  };
})();
