import type { EntityName } from '../oneroster/entity-catalogue';

/**
 * A drafted mapping file before it is YAML: the same shape as a mapping file, with the reason
 * for every guess beside the thing guessed. render-draft.ts turns it into text.
 */
export type YamlValue = string | number | boolean | null | YamlValue[] | { [key: string]: YamlValue };

export interface DraftField {
  readonly name: string;
  readonly value: YamlValue;
  /** Why this value: written as `# GUESS: … — confirm` above the field. */
  readonly guess?: string;
}

export interface DraftJoin {
  readonly table: string;
  readonly alias: string;
  readonly on: Readonly<Record<string, YamlValue>>;
  readonly type?: 'left';
  readonly guess?: string;
}

export interface DraftCondition {
  readonly condition: YamlValue;
  readonly guess?: string;
}

export interface DraftSource {
  readonly name: string;
  readonly table: string;
  readonly alias: string;
  /** Why this table: written above the source. */
  readonly guess: string;
  readonly joins: readonly DraftJoin[];
  readonly where: readonly DraftCondition[];
  readonly fields: readonly DraftField[];
  /** What the source could not map, written after it. */
  readonly unmapped: readonly string[];
}

export interface DraftFile {
  readonly entity: EntityName;
  /** File name inside --out, e.g. `users.yaml`. */
  readonly fileName: string;
  /** Lines written at the top of the file, after the schema and draft headers. */
  readonly summary: readonly string[];
  readonly tracking?: { readonly lastModified?: boolean; readonly deletions?: boolean; readonly guess: string };
  readonly sources: readonly DraftSource[];
  /** Sources or fields left out, written at the end. */
  readonly notes: readonly string[];
}

/** What drafting one entity gave: a file, or the reason there is none. */
export type EntityDraft =
  | { readonly entity: EntityName; readonly file: DraftFile; readonly leftOut?: undefined }
  | { readonly entity: EntityName; readonly file?: undefined; readonly leftOut: string };

export const FILE_NAMES: Readonly<Record<EntityName, string>> = {
  academicSessions: 'academic-sessions.yaml',
  orgs: 'orgs.yaml',
  users: 'users.yaml',
  classes: 'classes.yaml',
  enrollments: 'enrollments.yaml',
  courses: 'courses.yaml',
  demographics: 'demographics.yaml',
};
