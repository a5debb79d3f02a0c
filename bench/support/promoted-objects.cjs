// Run by bench:gc as `node --expose-gc --max-semi-space-size=8 bench/support/promoted-objects.cjs` (the young
// generation the app server gets, scripts/runtime-env.mjs): how many bytes of an object that nothing keeps still
// reach V8's old generation, per object, for a few kinds of object Node.js makes per request. Each kind: a full
// collection, then N objects made and dropped one after another, each with the same short-lived filler, so that
// young collections run as the young generation fills; what they moved into the old generation (node:v8's
// GCProfiler, bench/support/gc-summary.cjs), divided by N. Prints one line of JSON. Plain CommonJS.
const v8 = require("node:v8");
const { summarize } = require("./gc-summary.cjs");

const N = Number(process.argv[2] ?? 200000);

class Plain {}
const KINDS = {
  "plain object": () => ({ a: 1, b: "x" }),
  "new EventTarget()": () => new EventTarget(),
  "new AbortController().signal": () => new AbortController().signal,
  // How Node.js 20 builds an AbortSignal (lib/internal/abort_controller.js): an EventTarget given another
  // prototype, then properties. Whether that is what promotes it…
  "new EventTarget(), Object.setPrototypeOf, then properties": () => {
    const o = Object.setPrototypeOf(new EventTarget(), Plain.prototype);
    o.a = 1;
    o.b = "x";
    return o;
  },
  // …or whether any object so built is.
  "{}, Object.setPrototypeOf, then properties": () => {
    const o = Object.setPrototypeOf({}, Plain.prototype);
    o.a = 1;
    o.b = "x";
    return o;
  },
};

// Kept in a slot each, the previous one dropped as the next arrives: V8 cannot optimise the allocations away, and
// nothing keeps more than the last one.
const slot = { object: null, filler: null };

function measure(make) {
  globalThis.gc();
  const profiler = new v8.GCProfiler();
  profiler.start();
  for (let i = 0; i < N; i++) {
    slot.object = make();
    // The same short-lived filler for every kind (about 0.5 kB), so the young generation fills and is collected
    // many times over the loop, as a server's is between requests.
    slot.filler = new Array(64);
  }
  slot.object = null;
  slot.filler = null;
  const { promoted, fullStartedAt } = summarize(profiler.stop().statistics);
  if (promoted.length === 0) throw new Error("no young collection ran: make N larger");
  return {
    bytesPerObject: Math.round(promoted.reduce((a, b) => a + b, 0) / N),
    youngCollections: promoted.length,
    fullCollectionsDuring: fullStartedAt.length,
  };
}

const kinds = {};
for (const [name, make] of Object.entries(KINDS)) kinds[name] = measure(make);
console.log(JSON.stringify({ node: process.version, objects: N, kinds }));
