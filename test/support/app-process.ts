// The built app in a child process of its own, for the security suite and the benchmarks:
// the server under test never shares a module graph or an event loop with the test runner.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { freePort } from "../../db/local-server";

const projectRoot = path.resolve(import.meta.dirname, "../..");

/** APP_NODE_ARGS passes flags to the app's node, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to profile a bench. */
function nodeArgs(): string[] {
  return (process.env.APP_NODE_ARGS ?? "").split(" ").filter(Boolean);
}

export interface AppProcess {
  baseUrl: string;
  stop(): Promise<void>;
}

export interface AppProcessOptions {
  prefix: string;
  env?: Record<string, string>;
  /** Takes each line the app writes to standard output, instead of the test's output. */
  onStdoutLine?: (line: string) => void;
}

export async function startAppProcess(databaseUrl: string, options: AppProcessOptions): Promise<AppProcess> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  // `node --import tsx` is tsx without its wrapper process: one pid to signal, no orphan.
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs(), "--import", "tsx", path.join(import.meta.dirname, "serve-app.ts")], {
    cwd: projectRoot,
    // A JSON line per request would bury the output of a test or a bench; LOG_LEVEL=info shows them.
    env: {
      ...process.env,
      LOG_LEVEL: process.env.LOG_LEVEL ?? "error",
      DATABASE_URL: databaseUrl,
      APP_URL: baseUrl,
      PORT: String(port),
      NODE_ENV: "production",
      RUN_WORKER: "false",
      ...options.env,
    },
    // The IPC channel lets the child notice if this process dies without killing it.
    stdio: ["ignore", "pipe", "pipe", "ipc"],
  });
  const prefix = (chunk: Buffer) =>
    chunk
      .toString()
      .split("\n")
      .filter((line) => line.trim())
      .map((line) => `  ${options.prefix} ${line}\n`)
      .join("");
  const onStdoutLine = options.onStdoutLine;
  if (onStdoutLine) {
    let partial = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      const lines = (partial + chunk.toString()).split("\n");
      partial = lines.pop()!;
      for (const line of lines) onStdoutLine(line);
    });
  } else {
    child.stdout!.on("data", (chunk: Buffer) => process.stdout.write(prefix(chunk)));
  }
  child.stderr!.on("data", (chunk: Buffer) => process.stderr.write(prefix(chunk)));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const killOnExit = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  };
  process.once("exit", killOnExit);

  const stop = async () => {
    process.removeListener("exit", killOnExit);
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([exited, new Promise<void>((resolve) => (timer = setTimeout(resolve, 10_000)))]);
    clearTimeout(timer);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGKILL");
      await exited;
    }
  };

  const deadline = Date.now() + 60_000;
  try {
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`The app exited (${child.exitCode ?? child.signalCode}) before it answered /healthz; was \`remix build\` run?`);
      }
      if (Date.now() > deadline) throw new Error("The app did not answer /healthz with 200 within 60 s");
      try {
        const response = await fetch(`${baseUrl}/healthz`);
        await response.arrayBuffer();
        if (response.status === 200) break;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { baseUrl, stop };
}
