// The embedded default database: a private MariaDB (or MySQL) server whose data lives
// under .data/<name>/, on its own port and socket, so `npm start` and `npm test` need no
// server of their own and never touch one the machine already runs.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import mysql from "mysql2/promise";

// The directory with package.json above this code: db/ from the sources, build/server/ compiled.
function findProjectRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, "package.json"))) return dir;
    if (path.dirname(dir) === dir) return path.resolve(from, "..");
  }
}
const projectRoot = findProjectRoot(import.meta.dirname);

export interface LocalServer {
  /** Base URL without a database name, e.g. mysql://root@127.0.0.1:40123 */
  baseUrl: string;
  port: number;
  socket: string;
  /** Stops the server if this process started it; a server reused from another process is left alone. */
  stop(): Promise<void>;
}

interface Binaries {
  flavour: "mariadb" | "mysql";
  server: string;
  installDb?: string;
}

const SEARCH_DIRS = ["/usr/sbin", "/usr/bin", "/usr/local/bin", "/usr/local/sbin", "/opt/homebrew/bin", "/usr/local/mysql/bin"];

function findExecutable(names: string[]): string | undefined {
  const dirs = [...(process.env.PATH ?? "").split(path.delimiter), ...SEARCH_DIRS];
  for (const name of names) {
    for (const dir of dirs) {
      const candidate = path.join(dir, name);
      if (dir && existsSync(candidate)) return candidate;
    }
  }
  return undefined;
}

function findBinaries(): Binaries | undefined {
  const mariadbd = findExecutable(["mariadbd"]);
  if (mariadbd) {
    return { flavour: "mariadb", server: mariadbd, installDb: findExecutable(["mariadb-install-db", "mysql_install_db"]) };
  }
  const mysqld = findExecutable(["mysqld"]);
  if (!mysqld) return undefined;
  const version = spawnSync(mysqld, ["--version"], { encoding: "utf8" }).stdout ?? "";
  if (/mariadb/i.test(version)) {
    return { flavour: "mariadb", server: mysqld, installDb: findExecutable(["mariadb-install-db", "mysql_install_db"]) };
  }
  return { flavour: "mysql", server: mysqld };
}

function isDebianLike(): boolean {
  return existsSync("/etc/debian_version") && existsSync("/usr/bin/apt-get");
}

function installServerOrExplain(): Binaries {
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  if (isRoot && isDebianLike()) {
    console.log("[db] No MariaDB/MySQL server binary found; installing mariadb-server with apt-get ...");
    const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    const update = spawnSync("apt-get", ["update"], { stdio: "inherit", env });
    const install = spawnSync("apt-get", ["install", "-y", "--no-install-recommends", "mariadb-server"], { stdio: "inherit", env });
    const found = findBinaries();
    if (update.status === 0 && install.status === 0 && found) return found;
  }
  throw new Error(
    [
      "No MariaDB or MySQL server binary (mariadbd / mysqld) was found, and it could not be installed here.",
      "Either install one:",
      "  Debian/Ubuntu:  sudo apt-get install mariadb-server",
      "  macOS:          brew install mariadb",
      "or point the portal at an existing MySQL 8 / MariaDB 10.11+ server:",
      "  DATABASE_URL=mysql://user:password@host:3306/portal npm start",
    ].join("\n"),
  );
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

async function canConnect(port: number): Promise<boolean> {
  try {
    const connection = await mysql.createConnection({ host: "127.0.0.1", port, user: "root", connectTimeout: 1000 });
    await connection.end();
    return true;
  } catch {
    return false;
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function initialise(binaries: Binaries, dataDir: string, logFile: string): void {
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  mkdirSync(dataDir, { recursive: true });
  let result;
  if (binaries.flavour === "mariadb") {
    if (!binaries.installDb) throw new Error("mariadb-install-db was not found next to mariadbd; reinstall mariadb-server.");
    result = spawnSync(
      binaries.installDb,
      ["--no-defaults", `--datadir=${dataDir}`, "--auth-root-authentication-method=normal", "--skip-test-db", ...(isRoot ? ["--user=root"] : [])],
      { encoding: "utf8" },
    );
  } else {
    result = spawnSync(binaries.server, ["--no-defaults", "--initialize-insecure", `--datadir=${dataDir}`, ...(isRoot ? ["--user=root"] : [])], {
      encoding: "utf8",
    });
  }
  if (result.status !== 0) {
    writeFileSync(logFile, `${result.stdout ?? ""}\n${result.stderr ?? ""}`);
    rmSync(dataDir, { recursive: true, force: true });
    throw new Error(`Initialising the embedded database failed; see ${logFile}`);
  }
}

async function waitUntilReady(port: number, child: ChildProcess, logFile: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      const log = existsSync(logFile) ? readFileSync(logFile, "utf8").split("\n").slice(-15).join("\n") : "";
      throw new Error(`The embedded database exited with code ${child.exitCode}.\n${log}`);
    }
    if (await canConnect(port)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`The embedded database did not answer within 60 s; see ${logFile}`);
}

/**
 * Starts (or reuses) the private server whose data lives in .data/<name>.
 * Two names are used: "dev" for `npm start`, "test" for `npm test`, so a test run never
 * touches the data a person is looking at.
 */
export async function startLocalServer(name = "dev"): Promise<LocalServer> {
  const dir = path.join(projectRoot, ".data", name);
  const dataDir = path.join(dir, "mysql");
  const socket = path.join(dir, "mysqld.sock");
  const pidFile = path.join(dir, "mysqld.pid");
  const portFile = path.join(dir, "port");
  const logFile = path.join(dir, "mysqld.log");
  mkdirSync(dir, { recursive: true });

  const clients = new ClientRegistry(path.join(dir, "clients"));
  if (existsSync(pidFile) && existsSync(portFile)) {
    const pid = Number(readFileSync(pidFile, "utf8").trim());
    const port = Number(readFileSync(portFile, "utf8").trim());
    if (pid && processAlive(pid) && (await canConnect(port))) {
      clients.register();
      return { baseUrl: `mysql://root@127.0.0.1:${port}`, port, socket, stop: () => stopShared(clients, pid) };
    }
  }

  const binaries = findBinaries() ?? installServerOrExplain();
  if (!existsSync(path.join(dataDir, "mysql"))) {
    console.log(`[db] Initialising the embedded ${binaries.flavour} data directory in ${path.relative(projectRoot, dataDir)} ...`);
    rmSync(dataDir, { recursive: true, force: true });
    initialise(binaries, dataDir, logFile);
  }

  const port = await freePort();
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  const child = spawn(
    binaries.server,
    [
      "--no-defaults",
      `--datadir=${dataDir}`,
      `--socket=${socket}`,
      `--port=${port}`,
      "--bind-address=127.0.0.1",
      `--pid-file=${pidFile}`,
      `--log-error=${logFile}`,
      "--character-set-server=utf8mb4",
      "--collation-server=utf8mb4_unicode_ci",
      "--default-time-zone=+00:00",
      "--skip-name-resolve",
      "--innodb-buffer-pool-size=512M",
      "--innodb-log-file-size=256M",
      // A development and test server: durability of the last second is not worth the fsyncs.
      "--innodb-flush-log-at-trx-commit=2",
      "--max-connections=500",
      "--local-infile=1",
      ...(binaries.flavour === "mysql" ? ["--mysqlx=OFF"] : []),
      ...(isRoot ? ["--user=root"] : []),
    ],
    // Its own process group: Ctrl-C in a terminal (or a test runner stopping its server)
    // signals our process, which then shuts the database down in order.
    { stdio: "ignore", detached: true },
  );
  writeFileSync(portFile, String(port));
  await waitUntilReady(port, child, logFile);

  clients.register();
  const serverPid = child.pid!;
  // If this process dies without running its shutdown hooks, take the server with it unless
  // another process (a second test run, say) is still using it.
  process.once("exit", () => {
    clients.unregister();
    if (child.exitCode === null && clients.othersAlive() === 0) child.kill("SIGTERM");
  });
  const stop = () => stopShared(clients, serverPid);
  return { baseUrl: `mysql://root@127.0.0.1:${port}`, port, socket, stop };
}

/**
 * Processes using one embedded server register here; the last one to stop shuts it down, so
 * a test run never pulls the server from under another run or from under `npm start`.
 */
class ClientRegistry {
  constructor(private readonly dir: string) {}

  register(): void {
    mkdirSync(this.dir, { recursive: true });
    writeFileSync(path.join(this.dir, String(process.pid)), "");
  }

  unregister(): void {
    rmSync(path.join(this.dir, String(process.pid)), { force: true });
  }

  othersAlive(): number {
    if (!existsSync(this.dir)) return 0;
    let alive = 0;
    for (const name of readdirSync(this.dir)) {
      const pid = Number(name);
      if (pid === process.pid) continue;
      if (pid && processAlive(pid)) alive++;
      else rmSync(path.join(this.dir, name), { force: true });
    }
    return alive;
  }
}

async function stopShared(clients: ClientRegistry, serverPid: number): Promise<void> {
  clients.unregister();
  if (clients.othersAlive() > 0 || !processAlive(serverPid)) return;
  process.kill(serverPid, "SIGTERM");
  const deadline = Date.now() + 30_000;
  while (processAlive(serverPid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  if (processAlive(serverPid)) process.kill(serverPid, "SIGKILL");
}

/** Creates the database if missing, with the portal's character set. */
export async function createDatabase(baseUrl: string, database: string): Promise<string> {
  if (!/^[A-Za-z0-9_]+$/.test(database)) throw new Error(`Bad database name: ${database}`);
  const connection = await mysql.createConnection(baseUrl);
  try {
    await connection.query(`CREATE DATABASE IF NOT EXISTS \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  } finally {
    await connection.end();
  }
  return `${baseUrl}/${database}`;
}

export async function dropDatabase(baseUrl: string, database: string): Promise<void> {
  if (!/^[A-Za-z0-9_]+$/.test(database)) throw new Error(`Bad database name: ${database}`);
  const connection = await mysql.createConnection(baseUrl);
  try {
    await connection.query(`DROP DATABASE IF EXISTS \`${database}\``);
  } finally {
    await connection.end();
  }
}
