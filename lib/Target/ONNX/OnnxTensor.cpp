//===- OnnxTensor.cpp - ONNX TensorProto files ----------------------------===//

#include "qfold/Target/ONNX/OnnxTensor.h"
#include "TensorProtoConversion.h"

#include "qfold/Tensor/Npy.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <cmath>
#include <cstdio>
#include <cstring>

using namespace mlir::qfold;

static llvm::Error makeError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

const char *mlir::qfold::onnx_import::getDataTypeName(int dataType) {
  switch (dataType) {
  case onnx::TensorProto::FLOAT:
    return "FLOAT";
  case onnx::TensorProto::UINT8:
    return "UINT8";
  case onnx::TensorProto::INT8:
    return "INT8";
  case onnx::TensorProto::UINT16:
    return "UINT16";
  case onnx::TensorProto::INT16:
    return "INT16";
  case onnx::TensorProto::INT32:
    return "INT32";
  case onnx::TensorProto::INT64:
    return "INT64";
  case onnx::TensorProto::STRING:
    return "STRING";
  case onnx::TensorProto::BOOL:
    return "BOOL";
  case onnx::TensorProto::FLOAT16:
    return "FLOAT16";
  case onnx::TensorProto::DOUBLE:
    return "DOUBLE";
  case onnx::TensorProto::BFLOAT16:
    return "BFLOAT16";
  default:
    return "an unsupported type";
  }
}

std::optional<DType> mlir::qfold::onnx_import::getDType(int dataType) {
  switch (dataType) {
  case onnx::TensorProto::FLOAT:
    return DType::F32;
  case onnx::TensorProto::UINT8:
    return DType::U8;
  case onnx::TensorProto::INT8:
    return DType::I8;
  case onnx::TensorProto::INT32:
    return DType::I32;
  case onnx::TensorProto::INT64:
    return DType::I64;
  // BOOL is one byte per element, 0 or 1: held as u8 storage. The ops qfold
  // imports only read booleans as constant flags (Dropout's training_mode)
  // or move them.
  case onnx::TensorProto::BOOL:
    return DType::U8;
  default:
    return std::nullopt;
  }
}

int mlir::qfold::onnx_import::getDataType(DType dtype) {
  switch (dtype) {
  case DType::F32:
    return onnx::TensorProto::FLOAT;
  case DType::U8:
    return onnx::TensorProto::UINT8;
  case DType::I8:
    return onnx::TensorProto::INT8;
  case DType::I32:
    return onnx::TensorProto::INT32;
  case DType::I64:
    return onnx::TensorProto::INT64;
  }
  return onnx::TensorProto::UNDEFINED;
}

/// A DOUBLE tensor whose every value is an f32 (exporters write Python
/// floats such as torch.clamp's bounds as DOUBLE constants and Cast them to
/// FLOAT): as an f32 tensor, exact whatever the cast. Other values are
/// refused: qfold computes nothing in double.
static llvm::Expected<HostTensor>
convertDoubleTensorProto(const onnx::TensorProto &proto, llvm::StringRef what) {
  std::vector<int64_t> shape(proto.dims().begin(), proto.dims().end());
  int64_t count = 1;
  for (int64_t dim : shape) {
    if (dim < 0 || (dim > 0 && count > (int64_t(1) << 24) / dim))
      return makeError(what + " has an invalid or huge shape");
    count *= dim;
  }
  int64_t available = proto.has_raw_data()
                          ? int64_t(proto.raw_data().size() / sizeof(double))
                          : proto.double_data_size();
  if (available != count ||
      (proto.has_raw_data() && proto.raw_data().size() % sizeof(double)))
    return makeError(what + " has " + llvm::Twine(available) +
                     " values, expected " + llvm::Twine(count) + " for shape " +
                     formatShape(shape));
  HostTensor tensor(DType::F32, shape);
  for (int64_t i = 0; i < count; ++i) {
    double value;
    if (proto.has_raw_data())
      std::memcpy(&value, proto.raw_data().data() + i * sizeof(double),
                  sizeof(double));
    else
      value = proto.double_data(i);
    float narrowed = static_cast<float>(value);
    if (static_cast<double>(narrowed) != value && !std::isnan(value)) {
      char text[32];
      std::snprintf(text, sizeof(text), "%.17g", value);
      return makeError(what + " has data type DOUBLE and value " + text +
                       " (element " + llvm::Twine(i) +
                       "), which FLOAT cannot hold exactly; qfold reads "
                       "DOUBLE tensors only when FLOAT can");
    }
    tensor.data<float>()[i] = narrowed;
  }
  return tensor;
}

llvm::Expected<HostTensor>
mlir::qfold::onnx_import::convertTensorProto(const onnx::TensorProto &proto,
                                             llvm::StringRef what) {
  if (proto.data_type() == onnx::TensorProto::DOUBLE &&
      proto.data_location() != onnx::TensorProto::EXTERNAL)
    return convertDoubleTensorProto(proto, what);
  std::optional<DType> dtype = getDType(proto.data_type());
  if (!dtype)
    return makeError(what + " has data type " +
                     getDataTypeName(proto.data_type()) +
                     "; supported: FLOAT, UINT8, INT8, INT32, INT64");
  if (proto.data_location() == onnx::TensorProto::EXTERNAL)
    return makeError(what + " stores its data externally, which is not "
                            "supported");
  std::vector<int64_t> shape;
  int64_t count = 1;
  for (int64_t dim : proto.dims()) {
    if (dim < 0 || (dim > 0 && count > (int64_t(1) << 32) / dim))
      return makeError(what + " has an invalid or huge shape");
    shape.push_back(dim);
    count *= dim;
  }
  size_t elementSize = getDTypeSize(*dtype);
  auto sizeError = [&](size_t found) {
    return makeError(what + " has " + llvm::Twine(found) +
                     " values, expected " + llvm::Twine(count) + " for shape " +
                     formatShape(shape));
  };
  // Check the data against the shape before allocating anything: the shape
  // is only a claim of the file.
  int64_t available;
  if (proto.has_raw_data())
    available = proto.raw_data().size() / elementSize;
  else if (*dtype == DType::F32)
    available = proto.float_data_size();
  else if (*dtype == DType::I64)
    available = proto.int64_data_size();
  else
    available = proto.int32_data_size(); // INT32, and 8-bit one per entry
  if (available != count ||
      (proto.has_raw_data() && proto.raw_data().size() % elementSize))
    return sizeError(available);

  HostTensor tensor(*dtype, shape);
  if (proto.has_raw_data()) {
    if (!proto.raw_data().empty())
      std::memcpy(tensor.bytes.data(), proto.raw_data().data(),
                  proto.raw_data().size());
    return tensor;
  }
  for (int64_t i = 0; i < count; ++i) {
    switch (*dtype) {
    case DType::F32:
      tensor.data<float>()[i] = proto.float_data(i);
      break;
    case DType::I32:
      tensor.data<int32_t>()[i] = proto.int32_data(i);
      break;
    case DType::I64:
      tensor.data<int64_t>()[i] = proto.int64_data(i);
      break;
    case DType::I8:
    case DType::U8:
      tensor.data<uint8_t>()[i] = static_cast<uint8_t>(proto.int32_data(i));
      break;
    }
  }
  return tensor;
}

llvm::Expected<HostTensor> mlir::qfold::parseTensorProto(llvm::StringRef bytes,
                                                         llvm::StringRef name) {
  onnx::TensorProto proto;
  if (bytes.size() > size_t(INT32_MAX) ||
      !proto.ParseFromArray(bytes.data(), static_cast<int>(bytes.size())))
    return makeError(name + ": not a valid ONNX TensorProto file");
  return onnx_import::convertTensorProto(proto, name);
}

llvm::Expected<HostTensor> mlir::qfold::readTensorProto(llvm::StringRef path) {
  auto buffer = llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                            /*RequiresNullTerminator=*/false);
  if (!buffer)
    return llvm::createStringError(buffer.getError(),
                                   "cannot read '" + path +
                                       "': " + buffer.getError().message());
  return parseTensorProto((*buffer)->getBuffer(), path);
}

llvm::Error mlir::qfold::writeTensorProto(llvm::StringRef path,
                                          const HostTensor &tensor,
                                          llvm::StringRef tensorName) {
  onnx::TensorProto proto;
  proto.set_name(tensorName.str());
  proto.set_data_type(onnx_import::getDataType(tensor.dtype));
  for (int64_t dim : tensor.shape)
    proto.add_dims(dim);
  proto.set_raw_data(
      std::string(reinterpret_cast<const char *>(tensor.bytes.data()),
                  tensor.bytes.size()));
  std::error_code ec;
  llvm::raw_fd_ostream os(path, ec, llvm::sys::fs::OF_None);
  if (ec)
    return llvm::createStringError(ec, "cannot write '" + path +
                                           "': " + ec.message());
  os << proto.SerializeAsString();
  os.close();
  if (os.has_error())
    return llvm::createStringError(
        os.error(), "cannot write '" + path + "': " + os.error().message());
  return llvm::Error::success();
}

llvm::Expected<HostTensor> mlir::qfold::readTensorFile(llvm::StringRef path) {
  if (path.ends_with(".pb"))
    return readTensorProto(path);
  return readNpy(path);
}

llvm::Error mlir::qfold::writeTensorFile(llvm::StringRef path,
                                         const HostTensor &tensor,
                                         llvm::StringRef tensorName) {
  if (path.ends_with(".pb"))
    return writeTensorProto(path, tensor, tensorName);
  return writeNpy(path, tensor);
}
