/**
 * One problem in a mapping file, located to the character so an integrator can fix it without
 * reading our code. Codes are stable strings that docs and tests refer to.
 */
export type MappingDiagnosticCode =
  | 'MAPPING_FOLDER'
  | 'MAPPING_YAML_SYNTAX'
  | 'MAPPING_VERSION'
  | 'MAPPING_UNKNOWN_ENTITY'
  | 'MAPPING_DUPLICATE_ENTITY'
  | 'MAPPING_UNKNOWN_KEY'
  | 'MAPPING_MISSING_KEY'
  | 'MAPPING_WRONG_TYPE'
  | 'MAPPING_INVALID_NAME'
  | 'MAPPING_UNKNOWN_ALIAS'
  | 'MAPPING_DUPLICATE_ALIAS'
  | 'MAPPING_DUPLICATE_SOURCE'
  | 'MAPPING_UNKNOWN_FIELD'
  | 'MAPPING_REQUIRED_FIELD'
  | 'MAPPING_FIELD_SHAPE'
  | 'MAPPING_ENUM_VALUE'
  | 'MAPPING_TEMPLATE'
  | 'MAPPING_ROWS'
  | 'MAPPING_UNKNOWN_TABLE'
  | 'MAPPING_UNKNOWN_COLUMN';

export interface MappingDiagnostic {
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  /** 1-based. */
  readonly column: number;
  readonly code: MappingDiagnosticCode;
  readonly message: string;
  /** The YAML path, e.g. `sources[0].fields.givenName`, for tools that prefer paths to lines. */
  readonly path: string;
}

export class MappingError extends Error {
  constructor(readonly diagnostics: readonly MappingDiagnostic[]) {
    super(`${diagnostics.length} problem${diagnostics.length === 1 ? '' : 's'} in the mapping files`);
    this.name = 'MappingError';
  }
}
