// Loaded into bench:gc's app server with `node --require`: what reaches V8's old generation while the server
// answers requests. The first SIGUSR2 starts measuring, the second stops and writes <BENCH_GC_DIR>/<pid>.json:
// - every collection in between with the old generation's size before and after it (node:v8's GCProfiler), so
//   that what each young collection promoted and where each full collection started can be read;
// - V8's sampling heap profile over the same time, keeping the objects that died in a full collection and
//   dropping those that died young: what was promoted (or is still alive), by the function that allocated it.
// Plain CommonJS, no dependencies: it runs before the app is loaded.
const { writeFileSync } = require("node:fs");
const path = require("node:path");
const { Session } = require("node:inspector");
const v8 = require("node:v8");

const file = path.join(process.env.BENCH_GC_DIR, `${process.pid}.json`);
let measuring = null;

process.on("SIGUSR2", () => {
  if (!measuring) {
    const session = new Session();
    session.connect();
    session.post("HeapProfiler.startSampling", {
      samplingInterval: 4096,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: false,
    });
    const profiler = new v8.GCProfiler();
    profiler.start();
    measuring = { session, profiler, startedAt: Date.now() };
    return;
  }
  const { session, profiler, startedAt } = measuring;
  measuring = null;
  const gc = profiler.stop();
  // The in-process session answers synchronously: the profile is in hand when post returns.
  session.post("HeapProfiler.stopSampling", (error, result) => {
    session.disconnect();
    writeFileSync(
      file,
      JSON.stringify({ ms: Date.now() - startedAt, gc: gc.statistics, profile: error ? null : result.profile }),
    );
  });
});
