// Runs matrix-js-sdk, a client nobody here wrote, against `mxmedia serve`: upload, authenticated
// download through the 307 to the CDN (Node's fetch follows it), HEAD, thumbnails, media config and
// a URL preview of a page served on loopback, checking that the bytes are identical to what was
// uploaded and to what mxsdk's own `mxmedia download` gets.
// Run by .ci/run: node js-sdk-interop.js path/to/mxmedia.jar path/to/node_modules
'use strict';

// matrix-js-sdk 43 declares Node 22+; on Node 20 the one missing piece it uses is ES2024's
// Promise.withResolvers, added here before the SDK is loaded.
if (typeof Promise.withResolvers !== 'function') {
  Promise.withResolvers = function withResolvers() {
    let resolve;
    let reject;
    const promise = new this((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise, resolve, reject };
  };
}

const { spawn, execFileSync } = require('child_process');
const fs = require('fs');
const http = require('http');
const os = require('os');
const path = require('path');
const readline = require('readline');
const zlib = require('zlib');
const { pathToFileURL } = require('url');

const jar = process.argv[2];
const modules = process.argv[3];
const TOKEN = 'interop-token';
const MAX_UPLOAD = 10485760;

/** A width x height RGB PNG, left half red, right half blue. */
function png(width, height) {
  const table = [];
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  const crc32 = (buf) => {
    let crc = 0xffffffff;
    for (const b of buf) crc = table[(crc ^ b) & 0xff] ^ (crc >>> 8);
    return (crc ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const rows = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const at = y * (width * 3 + 1) + 1 + x * 3;
      if (x < width / 2) rows[at] = 255; else rows[at + 2] = 255;
    }
  }
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}

/** Starts `mxmedia serve` on a random free port; resolves to its printed URLs. */
function startServer() {
  const child = spawn('java', ['-jar', jar, 'serve', '--port', '0', '--token', TOKEN,
    '--max-upload-size', String(MAX_UPLOAD)], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    const printed = {};
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`mxmedia serve exited with ${code}`)));
    readline.createInterface({ input: child.stdout }).on('line', (line) => {
      const m = /^(homeserver|cdn): (.*)$/.exec(line);
      if (m) printed[m[1]] = m[2];
      // With --token, the CDN's line is the last one printed at start.
      if (m && m[1] === 'cdn') resolve({ child, ...printed });
    });
  });
}

function check(condition, what) {
  if (!condition) throw new Error(`check failed: ${what}`);
}

async function fetchBytes(url, init) {
  const response = await fetch(url, init);
  return { response, body: Buffer.from(await response.arrayBuffer()) };
}

(async () => {
  const sdk = await import(pathToFileURL(path.join(modules, 'matrix-js-sdk', 'lib', 'index.js')).href);
  const server = await startServer();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mxmedia-js-sdk-interop-'));
  const page = http.createServer();
  let checks = 0;
  try {
    // Its debug log of every request would only repeat what the checks below say.
    const quiet = { trace() {}, debug() {}, info() {}, warn: console.warn, error: console.error,
      getChild() { return quiet; } };
    const client = sdk.createClient({ baseUrl: server.homeserver, accessToken: TOKEN,
      userId: '@interop:localhost', logger: quiet });
    const auth = { headers: { Authorization: `Bearer ${TOKEN}` } };
    const image = png(40, 30);

    // Upload with matrix-js-sdk.
    const { content_uri: mxc } = await client.uploadContent(image,
      { name: 'interop.png', type: 'image/png' });
    check(/^mxc:\/\/localhost\/[A-Za-z0-9]+$/.test(mxc), `content_uri ${mxc}`);
    checks++;

    // Authenticated download: a 307 from the homeserver, followed by fetch to the CDN.
    const download = client.mxcUrlToHttp(mxc, undefined, undefined, undefined, false, true, true);
    check(download.startsWith(`${server.homeserver}/_matrix/client/v1/media/download/`), download);
    const got = await fetchBytes(download, auth);
    check(got.response.status === 200, `download status ${got.response.status}`);
    check(got.response.redirected && got.response.url.startsWith(`${server.cdn}/`),
      'download went through the redirect to the CDN');
    check(got.body.equals(image), 'downloaded bytes are the uploaded ones');
    check(got.response.headers.get('content-disposition') === 'inline; filename="interop.png"',
      `Content-Disposition ${got.response.headers.get('content-disposition')}`);
    checks++;

    // The file-name override survives the redirect.
    const renamed = new URL(download);
    renamed.pathname += '/renamed.png';
    const named = await fetchBytes(renamed, auth);
    check(named.body.equals(image) && named.response.headers.get('content-disposition')
      === 'inline; filename="renamed.png"', 'file-name override through the redirect');
    checks++;

    // HEAD: the same redirect, then the CDN's headers without a body.
    const head = await fetch(download, { method: 'HEAD', ...auth });
    check(head.status === 200 && head.headers.get('content-length') === String(image.length),
      `HEAD status ${head.status}, length ${head.headers.get('content-length')}`);
    checks++;

    // Thumbnails: smaller than the original is a real thumbnail, identical to what mxsdk gets;
    // at or above the original is the original's bytes.
    const thumb = await fetchBytes(client.mxcUrlToHttp(mxc, 32, 32, 'scale', false, true, true), auth);
    check(thumb.response.status === 200 && thumb.response.headers.get('content-type') === 'image/jpeg',
      `thumbnail ${thumb.response.status} ${thumb.response.headers.get('content-type')}`);
    const ours = path.join(dir, 'thumb.jpg');
    execFileSync('java', ['-jar', jar, 'download', mxc, '--thumbnail', '32x32:scale', '-o', ours,
      '--allow-insecure-loopback'], { env: { ...process.env, MXMEDIA_HOMESERVER: server.homeserver,
      MXMEDIA_ACCESS_TOKEN: TOKEN }, stdio: ['ignore', 'ignore', 'inherit'] });
    check(thumb.body.equals(fs.readFileSync(ours)), 'matrix-js-sdk and mxsdk get the same thumbnail');
    const big = await fetchBytes(client.mxcUrlToHttp(mxc, 800, 600, 'crop', false, true, true), auth);
    check(big.body.equals(image), 'a thumbnail above the original is the original');
    checks++;

    // Media config, authenticated.
    const config = await client.getMediaConfig(true);
    check(config['m.upload.size'] === MAX_UPLOAD, `config ${JSON.stringify(config)}`);
    checks++;

    // URL preview of a page on loopback; its image becomes media.
    page.on('request', (request, response) => {
      if (request.url === '/logo.png') {
        response.writeHead(200, { 'Content-Type': 'image/png' }).end(image);
      } else {
        response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(
          '<html><head><meta property="og:title" content="Interop &amp; more">'
          + '<meta property="og:image" content="/logo.png"></head></html>');
      }
    });
    await new Promise((resolve) => page.listen(0, '127.0.0.1', resolve));
    const preview = await client.getUrlPreview(`http://127.0.0.1:${page.address().port}/post`, Date.now());
    check(preview['og:title'] === 'Interop & more', `preview ${JSON.stringify(preview)}`);
    check(preview['matrix:image:size'] === image.length && preview['og:image:width'] === 40,
      `preview image ${JSON.stringify(preview)}`);
    const logo = await fetchBytes(client.mxcUrlToHttp(preview['og:image'], undefined, undefined,
      undefined, false, true, true), auth);
    check(logo.body.equals(image), 'the preview image is stored as media');
    checks++;

    console.log(`js-sdk interop: ${checks} checks passed (matrix-js-sdk against mxmedia serve)`);
  } finally {
    page.close();
    server.child.removeAllListeners('exit');
    server.child.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  }
})().catch((e) => {
  console.error(`js-sdk interop failed: ${e.stack || e}`);
  process.exit(1);
});
