// The portal's log: one JSON object a line on standard output (pino), for a log collector to
// read. LOG_LEVEL picks the least severe level written (trace, debug, info, warn, error,
// fatal, silent; info by default). `npm start`'s banner stays plain text, for the person at the
// terminal: it is console.log, not this.
import pino from "pino";

export const logger = pino({
  level: process.env.LOG_LEVEL || "info",
  base: { pid: process.pid },
  timestamp: pino.stdTimeFunctions.isoTime,
  // An Error under `err` comes out with its type, message and stack.
  serializers: { err: pino.stdSerializers.err },
});
