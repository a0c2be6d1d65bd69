import assert from "node:assert/strict";
import { test } from "node:test";
import {
  decodeBatch,
  decodeFloat32,
  decodeFloat64,
  encodeBatch,
  encodeTyped,
} from "../../src/queue/codec.js";

const bits64 = (a: Float64Array) => [...new BigUint64Array(a.buffer, a.byteOffset, a.length)];
const bits32 = (a: Float32Array) => [...new Uint32Array(a.buffer, a.byteOffset, a.length)];

test("float64 arrays cross the codec bit for bit, NaN payloads, −0 and subnormals included", () => {
  const a = new Float64Array([0.1, -0, 5e-324, Number.MAX_VALUE, -Infinity, NaN, 1 / 3]);
  new BigUint64Array(a.buffer)[5] = 0x7ff8_dead_beef_0001n; // a NaN with a payload
  const back = decodeFloat64(encodeTyped(a));
  assert.deepEqual(bits64(back), bits64(a));
  assert.ok(Object.is(back[1], -0));
});

test("float32 arrays cross the codec bit for bit", () => {
  const a = new Float32Array([0.1, -0, 1.4e-45, 3.4e38, Infinity, NaN]);
  assert.deepEqual(bits32(decodeFloat32(encodeTyped(a))), bits32(a));
});

test("a view encodes its own bytes only, and decodes into an aligned array", () => {
  const whole = new Float64Array([1, 2, 3, 4, 5]);
  const view = whole.subarray(1, 4);
  assert.deepEqual([...decodeFloat64(encodeTyped(view))], [2, 3, 4]);
  const odd = Buffer.concat([Buffer.from([0]), Buffer.from(new Float64Array([7, 8]).buffer)]);
  const decoded = decodeFloat64(odd.subarray(1).toString("base64"));
  assert.deepEqual([...decoded], [7, 8]);
});

test("text that is not a whole number of values is refused", () => {
  assert.throws(
    () => decodeFloat64(Buffer.from([1, 2, 3]).toString("base64")),
    /not a whole number of 8-byte/,
  );
});

test("a batch result round-trips through JSON exactly, with and without inventory", () => {
  const b = {
    firstRun: 50,
    count: 2,
    shortfall: new Float64Array([1.5, 0, 2.25, Math.PI]),
    inventory: new Float32Array([0.1, 0.2]),
    magnetPerUnit: new Float64Array([0.3, 0.7]),
  };
  const back = decodeBatch(JSON.parse(JSON.stringify(encodeBatch(b))));
  assert.deepEqual(back, b);
  assert.deepEqual(decodeBatch(JSON.parse(JSON.stringify(encodeBatch({ ...b, inventory: null })))), {
    ...b,
    inventory: null,
  });
});
