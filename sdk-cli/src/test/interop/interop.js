// Interop check: mxmedia (Java) against matrix-org's reference library matrix-encrypt-attachment,
// both directions, at sizes around the AES block and buffer boundaries. .ci/run runs it when node
// and npm are available:
//   npm install --prefix sdk-cli/target/interop matrix-encrypt-attachment@1.0.3
//   NODE_PATH=sdk-cli/target/interop/node_modules node sdk-cli/src/test/interop/interop.js \
//       sdk-cli/target/mxmedia.jar
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const crypto = require('crypto');
const ref = require('matrix-encrypt-attachment');

const jar = process.argv[2];
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mxmedia-interop-'));
const mxmedia = (...args) => execFileSync('java', ['-jar', jar, ...args], { encoding: 'utf8' });

(async () => {
  let checks = 0;
  for (const size of [0, 1, 15, 16, 17, 8191, 8192, 8193, 100000, 1048579]) {
    const plaintext = crypto.randomBytes(size);

    // Reference encrypts, mxmedia decrypts.
    const { data, info } = await ref.encryptAttachment(plaintext);
    info.url = 'mxc://example.org/abc';
    info.mimetype = 'application/octet-stream';
    fs.writeFileSync(path.join(dir, 'ref.json'), JSON.stringify(info));
    fs.writeFileSync(path.join(dir, 'ref.ct'), Buffer.from(data));
    mxmedia('decrypt', '--encrypted-file', path.join(dir, 'ref.json'),
        path.join(dir, 'ref.ct'), path.join(dir, 'ref.pt'));
    if (!fs.readFileSync(path.join(dir, 'ref.pt')).equals(plaintext)) {
      throw new Error(`size ${size}: mxmedia decrypted the reference ciphertext wrongly`);
    }
    fs.rmSync(path.join(dir, 'ref.pt'));
    checks++;

    // mxmedia encrypts, reference decrypts.
    fs.writeFileSync(path.join(dir, 'mx.pt'), plaintext);
    const json = mxmedia('encrypt', path.join(dir, 'mx.pt'), path.join(dir, 'mx.ct'));
    const decrypted = await ref.decryptAttachment(fs.readFileSync(path.join(dir, 'mx.ct')), JSON.parse(json));
    if (!Buffer.from(decrypted).equals(plaintext)) {
      throw new Error(`size ${size}: the reference decrypted mxmedia's ciphertext wrongly`);
    }
    checks++;
  }
  fs.rmSync(dir, { recursive: true });
  console.log(`interop ok: ${checks} checks against matrix-encrypt-attachment`);
})().catch((e) => { console.error(e.message); process.exit(1); });
