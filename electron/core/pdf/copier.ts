// Copy objects from an attached PDF into the package.
//
// After pdf-lib's PDFObjectCopier, which clones every stream's bytes (Uint8Array.slice): the
// source document is thrown away after the copy, so here streams share their bytes (less
// memory, no copying). Page objects reached from resources are cut (null), so a stray
// /Parent or /P never drags the donor's page tree along.
import {
  PDFArray, PDFDict, PDFName, PDFNull, PDFRawStream, PDFRef, PDFStream, PDFObjectCopier,
  type PDFContext, type PDFObject,
} from '@cantoo/pdf-lib';

const TYPE = PDFName.of('Type');
const PAGE = PDFName.of('Page');
const PAGES = PDFName.of('Pages');

export class ObjectCopier {
  private readonly refs = new Map<PDFRef, PDFRef>();
  private readonly fallback: PDFObjectCopier;

  constructor(private readonly src: PDFContext, private readonly dest: PDFContext) {
    this.fallback = PDFObjectCopier.for(src, dest);
  }

  /** The objects copied so far by reference: each source reference → its copy's, in the order copied. */
  copies(): ReadonlyMap<PDFRef, PDFRef> {
    return this.refs;
  }

  copy(obj: PDFObject): PDFObject {
    if (obj instanceof PDFRef) return this.copyRef(obj);
    if (obj instanceof PDFDict) return this.copyDict(obj);
    if (obj instanceof PDFArray) {
      const out = PDFArray.withContext(this.dest);
      for (let k = 0; k < obj.size(); k++) out.push(this.copy(obj.get(k)));
      return out;
    }
    if (obj instanceof PDFRawStream) {
      return PDFRawStream.of(this.copyDict(obj.dict), obj.contents);
    }
    if (obj instanceof PDFStream) return this.fallback.copy(obj);
    // Names, numbers, strings, booleans, null: immutable, shared.
    return obj;
  }

  private copyDict(dict: PDFDict): PDFDict {
    const out = PDFDict.withContext(this.dest);
    for (const [key, value] of dict.entries()) out.set(key, this.copy(value));
    return out;
  }

  private copyRef(ref: PDFRef): PDFObject {
    const known = this.refs.get(ref);
    if (known) return known;
    const target = this.src.lookup(ref);
    if (target === undefined) return PDFNull;
    if (target instanceof PDFDict) {
      const type = target.get(TYPE);
      if (type === PAGE || type === PAGES) return PDFNull;
    }
    const newRef = this.dest.nextRef();
    this.refs.set(ref, newRef);
    this.dest.assign(newRef, this.copy(target));
    return newRef;
  }
}
