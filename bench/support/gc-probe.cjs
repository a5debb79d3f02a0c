// Loaded into bench:gc's app server with `node --require`: what reaches V8's old generation while the server
// answers requests. The first SIGUSR2 starts measuring and writes <BENCH_GC_DIR>/<pid>.started; the second stops
// and writes <BENCH_GC_DIR>/<pid>.json (whole: written aside, then renamed):
// - what each young collection in between moved into the old generation, and its size when each full collection
//   started and ended (node:v8's GCProfiler, bench/support/gc-summary.cjs);
// - V8's sampling heap profile over the same time, keeping the objects that died in a full collection and
//   dropping those that died young: what did not die young, by the function that allocated it.
// Only in the Next.js server: the launcher in front of it (scripts/start.mjs) inherits NODE_OPTIONS and loads
// this file too, and leaves the signal alone. Plain CommonJS, no dependencies: it runs before the app is loaded.
const { renameSync, writeFileSync } = require("node:fs");
const path = require("node:path");
const { Session } = require("node:inspector");
const v8 = require("node:v8");
const { summarize } = require("./gc-summary.cjs");

const base = path.join(process.env.BENCH_GC_DIR, String(process.pid));
let measuring = null;

function write(file, value) {
  writeFileSync(`${file}.partial`, JSON.stringify(value));
  renameSync(`${file}.partial`, file);
}

function onSignal() {
  if (!process.title.startsWith("next-server")) return;
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
    write(`${base}.started`, {});
    return;
  }
  const { session, profiler, startedAt } = measuring;
  measuring = null;
  const { statistics } = profiler.stop();
  session.post("HeapProfiler.stopSampling", (error, result) => {
    session.disconnect();
    write(`${base}.json`, {
      ms: Date.now() - startedAt,
      gc: summarize(statistics),
      profile: error ? null : result.profile,
      error: error ? String(error) : null,
    });
  });
}

process.on("SIGUSR2", onSignal);
