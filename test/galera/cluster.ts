// A three-node MariaDB Galera cluster on loopback ports, for the smoke suite that checks the
// portal on a highly available database. Each node has its own data directory under
// .data/galera/node<N>, its own my.cnf (the SST scripts read the node's settings from it) and
// its own SQL, group, IST and SST ports. Node 1 bootstraps the cluster; 2 and 3 join it by SST.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import mysql from "mysql2/promise";
import { freePort } from "../../db/local-server";

const projectRoot = path.resolve(import.meta.dirname, "../..");
const clusterDir = path.join(projectRoot, ".data", "galera");
const GALERA_PROVIDERS = ["/usr/lib/galera/libgalera_smm.so", "/usr/lib/galera-4/libgalera_smm.so", "/usr/lib64/galera-4/libgalera_smm.so"];

export interface GaleraNode {
  index: number;
  port: number;
  /** mysql://root@127.0.0.1:<port>, without a database */
  baseUrl: string;
  running(): boolean;
}

interface NodeState extends GaleraNode {
  dir: string;
  /** Started and not deliberately killed: a node that should be in the cluster. */
  wanted: boolean;
  dataDir: string;
  configFile: string;
  logFile: string;
  child?: ChildProcess;
}

export interface GaleraCluster {
  nodes: GaleraNode[];
  /** Kills the node's server with SIGKILL and waits until the others see a cluster of two. */
  kill(index: number): Promise<void>;
  /** Starts a killed node again (it rejoins by IST, or SST if its gcache is too short) and waits until it is Synced. */
  restart(index: number): Promise<void>;
  /** Resolves when every running node reports wsrep_cluster_size = <running nodes> and is Synced. */
  waitUntilSynced(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

function isRoot(): boolean {
  return typeof process.getuid === "function" && process.getuid() === 0;
}

/**
 * The account the nodes run as. Root's rsync daemon (the SST joiner) drops to "nobody", which
 * cannot write a root-owned data directory, so as root the nodes run as "mysql" when it exists.
 */
function serverUser(): string | undefined {
  if (!isRoot()) return undefined;
  return spawnSync("id", ["-u", "mysql"]).status === 0 ? "mysql" : "root";
}

function findProvider(): string | undefined {
  return GALERA_PROVIDERS.find((candidate) => existsSync(candidate));
}

/** galera-4 and rsync, installed with apt-get where that is possible, or a message saying exactly what is missing. */
function ensurePrerequisites(): { provider: string; server: string; installDb: string } {
  const missing = () => [!findProvider() && "galera-4", !existsSync("/usr/bin/rsync") && "rsync"].filter((p): p is string => Boolean(p));
  if (missing().length > 0 && isRoot() && existsSync("/usr/bin/apt-get")) {
    const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    console.log(`[galera] installing ${missing().join(", ")} with apt-get ...`);
    spawnSync("apt-get", ["update", "-qq"], { stdio: "inherit", env });
    spawnSync("apt-get", ["install", "-y", "-qq", "--no-install-recommends", ...missing()], { stdio: "inherit", env });
  }
  const stillMissing = missing();
  const server = ["/usr/sbin/mariadbd", "/usr/bin/mariadbd"].find((candidate) => existsSync(candidate));
  const installDb = ["/usr/bin/mariadb-install-db", "/usr/bin/mysql_install_db"].find((candidate) => existsSync(candidate));
  if (!server || !installDb) stillMissing.push("mariadb-server");
  if (stillMissing.length > 0) {
    throw new Error(
      `The Galera smoke suite needs ${stillMissing.join(", ")} (looked for the provider in ${GALERA_PROVIDERS.join(", ")}).\n` +
        `  Debian/Ubuntu:  sudo apt-get install mariadb-server galera-4 rsync`,
    );
  }
  return { provider: findProvider()!, server: server!, installDb: installDb! };
}

function writeConfig(node: NodeState, provider: string, ports: { group: number[]; ist: number; sst: number }): void {
  const own = ports.group[node.index - 1];
  const lines = [
    "[mariadbd]",
    `datadir=${node.dataDir}`,
    `socket=${path.join(node.dir, "mysqld.sock")}`,
    `pid-file=${path.join(node.dir, "mysqld.pid")}`,
    `log-error=${node.logFile}`,
    `port=${node.port}`,
    "bind-address=127.0.0.1",
    ...(serverUser() ? [`user=${serverUser()}`] : []),
    "character-set-server=utf8mb4",
    "collation-server=utf8mb4_unicode_ci",
    "default-time-zone=+00:00",
    "skip-name-resolve",
    "innodb-buffer-pool-size=128M",
    "innodb-log-file-size=64M",
    "innodb-flush-log-at-trx-commit=2",
    "max-connections=300",
    "local-infile=1",
    // What Galera needs of every node: row-based replication of InnoDB tables, and
    // interleaved auto-increment locks (consecutive mode would deadlock the appliers).
    "binlog_format=ROW",
    "default_storage_engine=InnoDB",
    "innodb_autoinc_lock_mode=2",
    "wsrep_on=ON",
    `wsrep_provider=${provider}`,
    "wsrep_cluster_name=portal_galera_test",
    `wsrep_cluster_address=gcomm://${ports.group.map((port) => `127.0.0.1:${port}`).join(",")}`,
    `wsrep_node_name=node${node.index}`,
    `wsrep_node_address=127.0.0.1:${own}`,
    `wsrep_provider_options="gmcast.listen_addr=tcp://127.0.0.1:${own};ist.recv_addr=127.0.0.1:${ports.ist};gcache.size=256M"`,
    `wsrep_sst_receive_address=127.0.0.1:${ports.sst}`,
    "wsrep_sst_method=rsync",
    "wsrep_slave_threads=2",
    "",
  ];
  writeFileSync(node.configFile, lines.join("\n"));
}

async function query<T>(port: number, sql: string): Promise<T[]> {
  const connection = await mysql.createConnection({ host: "127.0.0.1", port, user: "root", connectTimeout: 1000 });
  try {
    const [rows] = await connection.query(sql);
    return rows as T[];
  } finally {
    await connection.end();
  }
}

async function wsrepStatus(port: number): Promise<{ size: number; state: string } | undefined> {
  try {
    const rows = await query<{ Variable_name: string; Value: string }>(
      port,
      "SHOW GLOBAL STATUS WHERE Variable_name IN ('wsrep_cluster_size', 'wsrep_local_state_comment', 'wsrep_ready')",
    );
    const value = (name: string) => rows.find((row) => row.Variable_name === name)?.Value ?? "";
    if (value("wsrep_ready") !== "ON") return undefined;
    return { size: Number(value("wsrep_cluster_size")), state: value("wsrep_local_state_comment") };
  } catch {
    return undefined;
  }
}

function logTail(node: NodeState): string {
  return existsSync(node.logFile) ? readFileSync(node.logFile, "utf8").split("\n").slice(-25).join("\n") : "(no log)";
}

export async function startGaleraCluster(): Promise<GaleraCluster> {
  const { provider, server, installDb } = ensurePrerequisites();
  rmSync(clusterDir, { recursive: true, force: true });
  const groupPorts = [await freePort(), await freePort(), await freePort()];
  const nodes: NodeState[] = [];
  for (const index of [1, 2, 3]) {
    const dir = path.join(clusterDir, `node${index}`);
    const port = await freePort();
    const node: NodeState = {
      index,
      port,
      baseUrl: `mysql://root@127.0.0.1:${port}`,
      dir,
      wanted: false,
      dataDir: path.join(dir, "data"),
      configFile: path.join(dir, "my.cnf"),
      logFile: path.join(dir, "mysqld.log"),
      running: () => Boolean(node.child && node.child.exitCode === null && node.child.signalCode === null),
    };
    mkdirSync(node.dataDir, { recursive: true });
    writeConfig(node, provider, { group: groupPorts, ist: await freePort(), sst: await freePort() });
    nodes.push(node);
  }
  if (serverUser() === "mysql") spawnSync("chown", ["-R", "mysql:mysql", clusterDir]);
  // Only the bootstrapping node needs system tables; the joiners receive node 1's by SST.
  const first = nodes[0];
  const init = spawnSync(
    installDb,
    [
      `--defaults-file=${first.configFile}`,
      "--auth-root-authentication-method=normal",
      "--skip-test-db",
      "--wsrep-on=OFF",
      ...(serverUser() ? [`--user=${serverUser()}`] : []),
    ],
    { encoding: "utf8" },
  );
  if (init.status !== 0) throw new Error(`mariadb-install-db failed for node 1:\n${init.stdout}\n${init.stderr}`);

  const startNode = (node: NodeState, bootstrap: boolean) => {
    node.wanted = true;
    node.child = spawn(server, [`--defaults-file=${node.configFile}`, ...(bootstrap ? ["--wsrep-new-cluster"] : [])], {
      stdio: "ignore",
      detached: true,
    });
  };
  const killAll = () => {
    for (const node of nodes) if (node.running()) node.child!.kill("SIGKILL");
  };
  process.once("exit", killAll);

  const waitUntilSynced = async (timeoutMs = 120_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const running = nodes.filter((node) => node.wanted);
      const exited = running.find((node) => !node.running());
      if (exited) throw new Error(`Galera node ${exited.index} exited (${exited.child!.exitCode ?? exited.child!.signalCode}):\n${logTail(exited)}`);
      const statuses = await Promise.all(running.map((node) => wsrepStatus(node.port)));
      if (statuses.every((status) => status && status.size === running.length && status.state === "Synced")) return;
      if (Date.now() > deadline) {
        throw new Error(
          `The Galera cluster did not reach ${running.length} Synced nodes within ${timeoutMs} ms: ${JSON.stringify(statuses)}\n` +
            running.map((node) => `--- node${node.index}\n${logTail(node)}`).join("\n"),
        );
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  };

  const stop = async () => {
    process.removeListener("exit", killAll);
    await Promise.all(
      nodes
        .filter((node) => node.running())
        .map(async (node) => {
          const exited = new Promise((resolve) => node.child!.once("exit", resolve));
          node.child!.kill("SIGTERM");
          const timer = setTimeout(() => node.child!.kill("SIGKILL"), 30_000);
          await exited;
          clearTimeout(timer);
        }),
    );
  };

  try {
    startNode(first, true);
    await waitUntilSynced();
    // One joiner at a time: two simultaneous SSTs from the one donor would queue anyway.
    for (const node of nodes.slice(1)) {
      startNode(node, false);
      await waitUntilSynced();
    }
  } catch (error) {
    await stop();
    throw error;
  }

  return {
    nodes,
    async kill(index) {
      const node = nodes[index - 1];
      node.wanted = false;
      const exited = new Promise((resolve) => node.child!.once("exit", resolve));
      node.child!.kill("SIGKILL");
      await exited;
      await waitUntilSynced();
    },
    async restart(index) {
      const node = nodes[index - 1];
      if (node.running()) throw new Error(`Galera node ${index} is running`);
      startNode(node, false);
      await waitUntilSynced();
    },
    waitUntilSynced,
    stop,
  };
}
