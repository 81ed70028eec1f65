/**
 * `--debug` / `DESKFORM_LOG`: the engine's messages as log lines on stderr,
 * so stdout stays the plan or JSON a program reads. Lines go through the
 * run's masking Io like everything else printed.
 */
import type { EngineMessage, MessageLevel, MessageSink } from '../engine/messages.js';
import { logLine } from '../engine/render/log-line.js';
import type { LogLevel } from './environment.js';
import type { Io } from './io.js';

const RANK: Record<MessageLevel, number> = { debug: 0, info: 1, warning: 2 };
const THRESHOLD: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2 };

export function logSink(io: Io, level: LogLevel): MessageSink {
  return (message: EngineMessage) => {
    if (RANK[message.level] >= THRESHOLD[level]) io.err(logLine(message) + '\n');
  };
}
