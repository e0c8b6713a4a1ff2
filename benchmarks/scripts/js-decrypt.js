// Decrypts an attachment file to a file with matrix-org's matrix-encrypt-attachment, as a peer for
// `mxmedia decrypt` in the whole-process comparison (benchmarks/scripts/whole-process.sh).
//   node js-decrypt.js FILE_JSON CIPHERTEXT PLAINTEXT
const fs = require('fs');
const ref = require('matrix-encrypt-attachment');

(async () => {
  const info = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
  const ciphertext = fs.readFileSync(process.argv[3]);
  const plaintext = await ref.decryptAttachment(ciphertext, info);
  fs.writeFileSync(process.argv[4], Buffer.from(plaintext));
})().catch((e) => { console.error(e); process.exit(1); });
