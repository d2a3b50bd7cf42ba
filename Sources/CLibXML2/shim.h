#ifndef CLIBXML2_SHIM_H
#define CLIBXML2_SHIM_H
#include <libxml/xmlversion.h>
/* Debian's libxml2 is built with ICU, so its encoding.h includes the system's <unicode/ucnv.h>.
   That ICU's `enum UErrorCode` clashes with the copy in Foundation's _FoundationICU module
   ("... is not present in definition of 'enum UErrorCode' in module 'CLibXML2'") in any
   compilation that sees both modules: a clean build fails. Nothing here uses libxml2's ICU parts
   (only the `uconv_in`/`uconv_out` fields at the end of xmlCharEncodingHandler depend on it). */
#undef LIBXML_ICU_ENABLED
#include <libxml/xmlreader.h>
#include <libxml/xmlerror.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#endif
