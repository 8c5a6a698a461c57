import type { Catalog } from '../catalog/catalog';
import type { Locale } from '../catalog/types';
import { TrailIndex } from '../trail/trailIndex';
import { IncidentGrouper } from './grouping';
import { fromTuple, observeTrailFailure, type ObservationTuple } from './observation';
import { buildTimeline, type TimelineReport } from './timeline';

export interface TimelineSettings {
  windowMs: number;
  catalog: Catalog;
  locale: Locale;
}

/**
 * Puts a timeline together from its parts, in this order: the trails' events into `trail`, then the
 * logs' observations, then `finish`. Pure: the caller reads the files (runTimeline.ts does).
 */
export class TimelineAssembler {
  readonly trail = new TrailIndex();
  private grouper: IncidentGrouper | null = null;
  private readonly logFiles = new Set<string>();

  constructor(private readonly settings: TimelineSettings) {}

  /** A log finding's observation; the trails must all have been read before the first one. */
  observe(tuple: ObservationTuple, file: string): void {
    this.grouper ??= new IncidentGrouper(this.trail);
    this.logFiles.add(file);
    this.grouper.add(fromTuple(tuple, file));
  }

  /** The report: the trail's failed calls no log recorded join the incidents, then causes are named. */
  finish(logFiles = this.logFiles.size): TimelineReport {
    const grouper = (this.grouper ??= new IncidentGrouper(this.trail));
    for (const failure of this.trail.failures()) {
      if (failure.joined) continue;
      const code = this.settings.catalog.lookup(failure.event.errorCode ?? '')?.entry.code;
      if (code) grouper.add(observeTrailFailure(failure.event, code));
    }
    return buildTimeline({
      incidents: grouper.incidents(),
      trail: this.trail,
      windowMs: this.settings.windowMs,
      logFiles,
      droppedFindings: grouper.dropped,
      catalog: this.settings.catalog,
      locale: this.settings.locale,
    });
  }
}
