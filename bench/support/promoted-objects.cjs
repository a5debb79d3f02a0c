// Run by bench:gc as `node --expose-gc bench/support/promoted-objects.cjs`: how many bytes of an object that
// nothing keeps still reach V8's old generation, per object, for a few kinds of object Node.js makes per request.
// Each kind: a full collection, then N objects made and dropped at once, each with the same short-lived filler,
// so that young collections run as the young generation fills; what they moved into the old generation
// (node:v8's GCProfiler: its size before and after each), divided by N. Prints one
// line of JSON. Plain CommonJS, no dependencies.
const v8 = require("node:v8");

const N = Number(process.argv[2] ?? 200000);
const OLD = ["old_space", "code_space", "large_object_space", "code_large_object_space"];
const oldGeneration = (spaces) =>
  spaces.filter((s) => OLD.includes(s.spaceName)).reduce((sum, s) => sum + s.spaceUsedSize, 0);

class Plain {}
const KINDS = {
  "plain object": () => ({ a: 1, b: "x" }),
  "new EventTarget()": () => new EventTarget(),
  "new AbortController().signal": () => new AbortController().signal,
  // How Node.js 20 builds AbortSignals and transferable web streams: an object made, given another prototype,
  // then properties.
  "Object.setPrototypeOf, then properties": () => {
    const o = Object.setPrototypeOf({}, Plain.prototype);
    o.a = 1;
    o.b = "x";
    return o;
  },
};

function measure(make) {
  globalThis.gc();
  const profiler = new v8.GCProfiler();
  profiler.start();
  let sink = 0;
  for (let i = 0; i < N; i++) {
    sink ^= make() === null ? 1 : 0;
    // The same short-lived filler for every kind (about 0.5 kB), so the young generation fills and is collected
    // many times over the loop, as a server's is between requests.
    sink ^= new Array(64).length;
  }
  const { statistics } = profiler.stop();
  // What the young collections moved into the old generation: its growth across each of them.
  const young = statistics.filter((e) => e.gcType === "Scavenge" || e.gcType === "MinorMarkSweep");
  const promoted = young.reduce(
    (sum, e) => sum + oldGeneration(e.afterGC.heapSpaceStatistics) - oldGeneration(e.beforeGC.heapSpaceStatistics),
    0,
  );
  return {
    bytesPerObject: Math.round(promoted / N),
    youngCollections: young.length,
    fullCollectionsDuring: statistics.filter((e) => e.gcType === "MarkSweepCompact").length,
    sink,
  };
}

const result = {};
for (const [name, make] of Object.entries(KINDS)) {
  const { sink: _, ...measured } = measure(make);
  result[name] = measured;
}
console.log(JSON.stringify({ node: process.version, objects: N, kinds: result }));
