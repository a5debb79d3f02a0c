// What a list of node:v8 GCProfiler statistics says about the old generation: what each young collection moved
// into it, and its size when each full collection started and when it ended. Shared by bench/support/gc-probe.cjs
// (in the app server) and bench/support/promoted-objects.cjs (a plain Node.js process). Plain CommonJS.

// V8's old generation: everything but the young generation's spaces.
const OLD_SPACES = ["old_space", "code_space", "large_object_space", "code_large_object_space", "trusted_space"];
// The young collector's names: the scavenger, and the minor mark-compact some V8 versions can use instead.
const YOUNG = ["Scavenge", "MinorMarkCompact", "MinorMarkSweep"];

const oldGeneration = (spaces) =>
  spaces.filter((s) => OLD_SPACES.includes(s.spaceName)).reduce((sum, s) => sum + s.spaceUsedSize, 0);

function summarize(statistics) {
  const young = statistics.filter((e) => YOUNG.includes(e.gcType));
  const full = statistics.filter((e) => e.gcType === "MarkSweepCompact");
  return {
    // Bytes, one per young collection.
    promoted: young.map(
      (e) => oldGeneration(e.afterGC.heapSpaceStatistics) - oldGeneration(e.beforeGC.heapSpaceStatistics),
    ),
    fullStartedAt: full.map((e) => oldGeneration(e.beforeGC.heapSpaceStatistics)),
    fullLeft: full.map((e) => oldGeneration(e.afterGC.heapSpaceStatistics)),
  };
}

module.exports = { summarize };
