import { CodeMinor } from './code-minor';

/** The spec's imsx_StatusInfo payload (capital C in imsx_CodeMinor, as both OpenAPI files spell it). */
export interface StatusInfo {
  imsx_codeMajor: 'success' | 'processing' | 'failure' | 'unsupported';
  imsx_severity: 'status' | 'warning' | 'error';
  imsx_description?: string;
  imsx_messageRefIdentifier?: string;
  imsx_CodeMinor: { imsx_codeMinorField: Array<{ imsx_codeMinorFieldName: string; imsx_codeMinorFieldValue: CodeMinor }> };
}

export function statusInfo(
  codeMinor: CodeMinor,
  description: string,
  options: { severity?: StatusInfo['imsx_severity']; codeMajor?: StatusInfo['imsx_codeMajor']; messageRef?: string } = {},
): StatusInfo {
  const info: StatusInfo = {
    imsx_codeMajor: options.codeMajor ?? (codeMinor === 'unsupportedoperation' ? 'unsupported' : 'failure'),
    imsx_severity: options.severity ?? 'error',
    imsx_description: description,
    imsx_CodeMinor: { imsx_codeMinorField: [{ imsx_codeMinorFieldName: 'TargetEndSystem', imsx_codeMinorFieldValue: codeMinor }] },
  };
  // 1.1's definition makes imsx_messageRefIdentifier required; the request id is what a support
  // engineer needs to find the matching server log line.
  if (options.messageRef) info.imsx_messageRefIdentifier = options.messageRef;
  return info;
}

/**
 * The same status information stamped with the request id. 1.1 warnings (statusInfoSet) are built
 * while parsing parameters, before the request id is at hand; the 1.1 OpenAPI definition requires
 * imsx_messageRefIdentifier on every imsx_StatusInfo, warnings included (oneroster-spec.md §8.1).
 */
export function withMessageRef(info: StatusInfo, messageRef: string): StatusInfo {
  return { ...info, imsx_messageRefIdentifier: messageRef };
}
