//===- qfold-translate.cpp - translations into and out of qfold IR --------===//
//
// mlir-translate with qfold's translations added, e.g.
//   qfold-translate --import-onnx model.onnx -o model.mlir
//
//===----------------------------------------------------------------------===//

#include "qfold/Target/ONNX/ImportONNX.h"
#include "qfold/Tools/ToolSupport.h"

#include "mlir/InitAllTranslations.h"
#include "mlir/Tools/mlir-translate/MlirTranslateMain.h"

int main(int argc, char **argv) {
  // --help lists mlir-translate's options and translations, not every
  // backend's flags.
  mlir::qfold::hideLibraryOptions();
  mlir::registerAllTranslations();
  mlir::qfold::registerOnnxImportTranslation();
  return mlir::failed(
      mlir::mlirTranslateMain(argc, argv, "qfold translation driver\n"));
}
