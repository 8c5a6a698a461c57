import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { RawFields } from './types';
import { fieldsFromObject } from './objectFields';

// Entities and DOCTYPE are never expanded: the input is untrusted.
const parser = new XMLParser({
  processEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: true,
});

export interface XmlFailure {
  message: string;
  line: number | null;
  column: number | null;
}

/** Fields of an XML response (`<KMS>`, `<Error>`, `<XxxResponse>`), or why it is not readable XML. */
export function decodeXml(text: string): RawFields | XmlFailure {
  let parsed: unknown;
  try {
    parsed = parser.parse(text);
  } catch (error) {
    return { message: (error as Error).message, line: null, column: null };
  }
  if (parsed && typeof parsed === 'object') {
    const roots = Object.entries(parsed as Record<string, unknown>);
    for (const [rootName, root] of roots) {
      if (!root || typeof root !== 'object') continue;
      const fields = fieldsFromObject(root as Record<string, unknown>);
      if (fields.code || fields.requestId || fields.message) {
        const shape = rootName === 'KMS' ? 'kms-xml' : rootName === 'Error' ? 'pop-xml' : 'xml';
        const validation = XMLValidator.validate(text);
        const warnings =
          validation === true
            ? []
            : [
                `the XML is malformed (line ${validation.err.line}, column ${validation.err.col}: ${validation.err.msg}); its fields were read leniently`,
              ];
        return { ...fields, shape, warnings };
      }
    }
  }
  const validation = XMLValidator.validate(text);
  if (validation !== true) {
    return { message: validation.err.msg, line: validation.err.line, column: validation.err.col };
  }
  return { message: 'the XML has no Code, Message or RequestId element', line: null, column: null };
}

export function isXmlFailure(value: RawFields | XmlFailure): value is XmlFailure {
  return !('shape' in value);
}
