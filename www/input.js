// Turns what the user gives us (a paste, a dropped or opened file) into a request for the
// worker. Pasted or dropped HTML stays a string: it goes to the core's cleaner and is never
// inserted into this page's DOM.

/** {html} or {text} from a paste event (HTML preferred: it keeps paragraphs and metadata). */
export function fromClipboard(data) {
  if (!data) return null;
  const html = data.getData('text/html');
  if (html && html.trim()) return { html };
  const text = data.getData('text/plain');
  if (text && text.trim()) return { text };
  return null;
}

const HTML_EXT = /\.(html?|xhtml)$/i;
const JSON_EXT = /\.(json|jsonl|ndjson)$/i;
const TEXT_EXT = /\.(txt|text|md)$/i;

/** A document id from a file name: "Putin Xi.txt" -> "Putin-Xi". */
function idFromName(name) {
  const base = name.replace(/\.[^.]*$/, '').replace(/\.newsmark$/, '');
  const id = base.replace(/[^\p{L}\p{N}._-]+/gu, '-').replace(/^-+|-+$/g, '');
  return id || undefined;
}

/**
 * Reads a file. Returns {kind:'annotate', input:{id, text|html}} or {kind:'import', content}.
 * Throws an Error with a message the user can act on for anything else.
 */
export async function fromFile(file) {
  const name = file.name || '';
  const isJson = JSON_EXT.test(name) || file.type === 'application/json';
  const isHtml = HTML_EXT.test(name) || file.type === 'text/html';
  const isText = TEXT_EXT.test(name) || file.type === 'text/plain';
  if (!isJson && !isHtml && !isText) {
    throw new Error(`“${name}” is not a .txt, .html or newsmark .json file.`);
  }
  const content = await file.text();
  if (isJson) return { kind: 'import', content };
  const id = idFromName(name);
  return { kind: 'annotate', input: isHtml ? { id, html: content } : { id, text: content } };
}
