// The package writer (electron/core/pdf/writer.ts): in memory or into a file, the same bytes,
// whatever the size it was told to expect.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PDFDocument } from '@cantoo/pdf-lib';
import { writeToBytes, writeToFile } from '../../electron/core/pdf/writer.ts';
import { partsStream, rawStream } from '../../electron/core/pdf/rawStream.ts';
import { pdfinfo, tempDir } from '../fixtures/pdf/poppler.ts';

const big = Buffer.from(new Uint8Array(300_000).map((_, i) => (i * 7) & 0xff));

/** A one-page document with two streams larger than the writer's 64 KB staging buffer: one in one piece, one in many. */
async function documentWithBigStreams(): Promise<PDFDocument> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.addPage([200, 200]);
  doc.context.register(rawStream(doc.context, big, { Note: 'OnePiece' }));
  const pieces = Array.from({ length: 30 }, (_, k) => big.subarray(k * 10_000, (k + 1) * 10_000));
  doc.context.register(partsStream(doc.context, pieces, { Note: 'ThirtyPieces' }));
  return doc;
}

test('pdf writer: in memory the same bytes whether the size hint is right, too small (the array grows) or far too large (the slack is let go)', async () => {
  const outputs = [];
  for (const hint of [0, 700_000, 50_000_000]) {
    const { bytes } = await writeToBytes(await documentWithBigStreams(), hint, async () => undefined);
    outputs.push(bytes);
    assert.ok(bytes.buffer.byteLength - bytes.length <= 1024 * 1024, `hint ${hint}: no more than 1 MB of slack kept`);
  }
  assert.ok(outputs[0]!.length > 600_000, 'both streams are in');
  assert.deepEqual(outputs[1], outputs[0]);
  assert.deepEqual(outputs[2], outputs[0]);
  const file = path.join(tempDir(), 'out.pdf');
  const written = await writeToFile(await documentWithBigStreams(), file, async () => undefined);
  assert.deepEqual(new Uint8Array(readFileSync(file)), new Uint8Array(outputs[0]!), 'into a file: the same bytes');
  assert.equal(written.bytes, outputs[0]!.length);
  assert.equal(pdfinfo(file)['Pages'], '1');
  // Each stream is its contents whole — the many pieces one after the other — with their total as /Length.
  const out = Buffer.from(outputs[0]!);
  for (const note of ['OnePiece', 'ThirtyPieces']) {
    const dict = out.indexOf(`/Note /${note}`);
    const at = out.indexOf('stream\n', dict) + 'stream\n'.length;
    assert.ok(out.subarray(at, at + big.length).equals(big), `${note}: the contents whole`);
    assert.match(out.subarray(out.lastIndexOf('<<', dict), at).toString('latin1'), /\/Length 300000/, note);
  }
});
