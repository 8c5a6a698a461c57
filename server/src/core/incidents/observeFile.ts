import type { Catalog } from '../catalog/catalog';
import { describeFileError, openText } from '../files/files';
import { scanInput } from '../scanner/scanInput';
import { isKmsError } from '../scanner/types';
import type { JobHandler } from '../workers/jobs';
import { apiNamesOf } from '../diagnosis/diagnose';
import { observeFinding, type ObservationTuple } from './observation';

/** A log file of a timeline run, in the order of the inputs. */
export interface ObserveTask {
  path: string;
}

/** What a log file tells the timeline, in order. */
export type ObserveEvent =
  | { t: 'file'; path: string }
  | { t: 'observed'; tuples: ObservationTuple[] }
  | { t: 'binary' }
  | { t: 'ioError'; message: string };

/**
 * Scans one log file for the timeline, on a worker thread or here: each KMS error finding becomes an
 * observation (its code, time, RequestId and what its record names), handed on after every chunk read.
 */
export function observeFile(catalog: Catalog): JobHandler<ObserveTask, ObserveEvent> {
  const apiNames = apiNamesOf(catalog);
  return async ({ path }, emitter) => {
    emitter.emit({ t: 'file', path });
    let tuples: ObservationTuple[] = [];
    const emit = () => {
      if (tuples.length > 0) emitter.emit({ t: 'observed', tuples });
      tuples = [];
    };
    try {
      const opened = await openText(path, { streams: true });
      if (opened.kind !== 'text') {
        emitter.emit({ t: 'binary' });
        return;
      }
      await scanInput(
        opened.chunks,
        catalog,
        (finding) => {
          if (isKmsError(finding)) tuples.push(observeFinding(finding, apiNames));
        },
        {
          recordText: true,
          afterChunk: () => {
            emit();
            return emitter.flush();
          },
        },
      );
      emit();
    } catch (error) {
      emit();
      emitter.emit({ t: 'ioError', message: describeFileError(error) });
    }
  };
}
