// A stand-in for the `aliyun` CLI in tests of scripts/export-ram-account.sh: `aliyun ram|sts ACTION
// --Param value ... [--profile NAME]` is sent to the FakeRamApi at FAKE_RAM_URL, and answered the
// CLI's way: the response JSON on stdout, or an `ERROR: ... ErrorCode: ...` text on stderr and exit 1.
import { request } from 'node:http';
import { URLSearchParams } from 'node:url';

const [, , , action, ...rest] = process.argv;
const params = new URLSearchParams();
for (let i = 0; i < rest.length; i += 2) {
  const key = rest[i] ?? '';
  if (key === '--profile') continue;
  params.set(key.replace(/^--/, ''), rest[i + 1] ?? '');
}
const url = new URL(process.env.FAKE_RAM_URL ?? 'http://127.0.0.1:1');
const req = request(
  {
    host: url.hostname,
    port: url.port,
    path: '/',
    method: 'POST',
    headers: {
      'x-acs-action': action,
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `ACS3-HMAC-SHA256 Credential=${process.env.FAKE_RAM_ACCESS_KEY_ID ?? ''},SignedHeaders=host,Signature=x`,
    },
  },
  (res) => {
    let body = '';
    res.setEncoding('utf8');
    res.on('data', (chunk) => (body += chunk));
    res.on('end', () => {
      if (res.statusCode === 200) {
        process.stdout.write(`${JSON.stringify(JSON.parse(body), null, 2)}\n`);
        return;
      }
      const error = JSON.parse(body);
      process.stderr.write(`ERROR: SDK.ServerError\nErrorCode: ${error.Code}\nRecommend: \nRequestId: ${error.RequestId}\nMessage: ${error.Message}\n`);
      process.exitCode = 1;
    });
  },
);
req.end(params.toString());
