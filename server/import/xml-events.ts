// XML read as a stream of events (saxes, the parser exceljs used), for the parts of an XLSX. Markup that is
// not well-formed XML makes the file unreadable (`not_xlsx`), as it did. saxes expands only XML's own five
// entities and character references: a DOCTYPE cannot define more (no "billion laughs").
import { SaxesParser } from 'saxes';
import { ImportFileError } from './import-file-error.ts';

export interface XmlHandlers {
  open(name: string, attributes: Record<string, string>): void;
  text(text: string): void;
  close(name: string): void;
}

/**
 * A function to write the text into, chunk by chunk. The end of the text is not checked for unclosed
 * elements: exceljs did not check it either, and what was read before is all the reader uses.
 */
export function xmlEvents(handlers: XmlHandlers): (text: string) => void {
  // No position tracking: it is for error messages, and the user is told only that the file is damaged.
  const parser = new SaxesParser<{ position: false; xmlns: false }>({ position: false, xmlns: false });
  parser.on('opentag', (tag) => handlers.open(tag.name, tag.attributes));
  parser.on('text', (text) => handlers.text(text));
  parser.on('closetag', (tag) => handlers.close(tag.name));
  parser.on('error', () => {
    throw new ImportFileError('not_xlsx');
  });
  return (text: string) => void parser.write(text);
}
