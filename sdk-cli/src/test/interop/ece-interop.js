// Checks `mxmedia ece-encrypt` / `ece-decrypt` against http_ece, an independent RFC 8188
// implementation, in both directions. Run by .ci/run: node ece-interop.js path/to/mxmedia.jar
'use strict';
const ece = require('http_ece');
const fs = require('fs');
const os = require('os');
const path = require('path');
const crypto = require('crypto');
const { execFileSync } = require('child_process');

const jar = process.argv[2];
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mxmedia-ece-interop-'));
const file = (name) => path.join(dir, name);
const key = crypto.randomBytes(16);
const keyText = key.toString('base64url');
let passed = 0;
try {
  for (const size of [0, 1, 7, 8, 9, 4079, 20000]) {
    const plain = crypto.randomBytes(size);
    fs.writeFileSync(file('plain'), plain);
    for (const rs of [18, 25, 4096, 65536]) {
      execFileSync('java', ['-jar', jar, 'ece-encrypt', '--key', keyText, '--rs', String(rs),
        file('plain'), file('ours.ece')]);
      const decoded = ece.decrypt(fs.readFileSync(file('ours.ece')), { key, version: 'aes128gcm' });
      if (!decoded.equals(plain)) throw new Error(`http_ece cannot read mxmedia (size ${size}, rs ${rs})`);
      passed++;
      fs.writeFileSync(file('theirs.ece'), ece.encrypt(plain, { key, version: 'aes128gcm', rs }));
      execFileSync('java', ['-jar', jar, 'ece-decrypt', '--key', keyText, file('theirs.ece'),
        file('theirs.out')]);
      if (!fs.readFileSync(file('theirs.out')).equals(plain)) {
        throw new Error(`mxmedia cannot read http_ece (size ${size}, rs ${rs})`);
      }
      fs.unlinkSync(file('theirs.out'));
      passed++;
    }
  }
  console.log(`ece interop: ${passed} checks passed (mxmedia <-> http_ece, both directions)`);
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
