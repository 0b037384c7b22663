//===- Npy.cpp - NumPy .npy files -----------------------------------------===//

#include "qfold/Tensor/Npy.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <cstring>

using namespace mlir::qfold;
using llvm::StringRef;

namespace {

llvm::Error npyError(StringRef name, const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                 name + ": not a valid .npy file: " + message);
}

/// The value text after `'key':` in a header dictionary.
std::optional<StringRef> findValue(StringRef header, StringRef key) {
  size_t at = header.find(("'" + key + "'").str());
  if (at == StringRef::npos)
    return std::nullopt;
  StringRef rest = header.drop_front(at + key.size() + 2).ltrim();
  if (!rest.consume_front(":"))
    return std::nullopt;
  return rest.ltrim();
}

std::optional<DType> parseDescr(StringRef descr) {
  if (descr == "<f4")
    return DType::F32;
  if (descr == "|i1" || descr == "<i1" || descr == "i1")
    return DType::I8;
  if (descr == "|u1" || descr == "<u1" || descr == "u1")
    return DType::U8;
  if (descr == "<i4")
    return DType::I32;
  if (descr == "<i8")
    return DType::I64;
  return std::nullopt;
}

StringRef descrOf(DType dtype) {
  switch (dtype) {
  case DType::F32:
    return "<f4";
  case DType::I8:
    return "|i1";
  case DType::U8:
    return "|u1";
  case DType::I32:
    return "<i4";
  case DType::I64:
    return "<i8";
  }
  return "";
}

} // namespace

llvm::Expected<HostTensor> mlir::qfold::parseNpy(StringRef bytes,
                                                 StringRef name) {
  if (!bytes.starts_with("\x93NUMPY"))
    return npyError(name, "missing the \\x93NUMPY magic");
  if (bytes.size() < 10)
    return npyError(name, "truncated header");
  unsigned major = static_cast<uint8_t>(bytes[6]);
  size_t headerLength = 0, headerStart = 0;
  auto byte = [&](size_t i) { return size_t(static_cast<uint8_t>(bytes[i])); };
  if (major == 1) {
    headerLength = byte(8) | byte(9) << 8;
    headerStart = 10;
  } else if (major == 2 || major == 3) {
    if (bytes.size() < 12)
      return npyError(name, "truncated header");
    headerLength = byte(8) | byte(9) << 8 | byte(10) << 16 | byte(11) << 24;
    headerStart = 12;
  } else {
    return npyError(name, "unsupported version " + llvm::Twine(major));
  }
  if (bytes.size() < headerStart + headerLength)
    return npyError(name, "truncated header");
  StringRef header = bytes.substr(headerStart, headerLength);

  std::optional<StringRef> descr = findValue(header, "descr");
  std::optional<StringRef> fortran = findValue(header, "fortran_order");
  std::optional<StringRef> shapeText = findValue(header, "shape");
  if (!descr || !fortran || !shapeText)
    return npyError(name, "the header lacks descr, fortran_order or shape");
  if (!descr->consume_front("'"))
    return npyError(name, "malformed descr");
  StringRef descrValue = descr->take_until([](char c) { return c == '\''; });
  std::optional<DType> dtype = parseDescr(descrValue);
  if (!dtype)
    return npyError(name, "unsupported dtype '" + descrValue +
                              "' (expected <f4, |i1, |u1 or <i4)");
  if (!fortran->starts_with("False"))
    return npyError(name, "Fortran-order arrays are not supported");

  if (!shapeText->consume_front("("))
    return npyError(name, "malformed shape");
  StringRef dims = shapeText->take_until([](char c) { return c == ')'; });
  if (dims.size() == shapeText->size())
    return npyError(name, "malformed shape");
  std::vector<int64_t> shape;
  llvm::SmallVector<StringRef> parts;
  dims.split(parts, ',', /*MaxSplit=*/-1, /*KeepEmpty=*/false);
  for (StringRef part : parts) {
    part = part.trim();
    if (part.empty())
      continue;
    int64_t dim;
    if (part.getAsInteger(10, dim) || dim < 0)
      return npyError(name, "malformed shape entry '" + part + "'");
    shape.push_back(dim);
  }

  HostTensor tensor(*dtype, shape);
  StringRef data = bytes.drop_front(headerStart + headerLength);
  if (data.size() != tensor.bytes.size())
    return npyError(name, "expected " + llvm::Twine(tensor.bytes.size()) +
                              " bytes of data for shape " + formatShape(shape) +
                              ", found " + llvm::Twine(data.size()));
  if (!data.empty())
    std::memcpy(tensor.bytes.data(), data.data(), data.size());
  return tensor;
}

llvm::Expected<HostTensor> mlir::qfold::readNpy(StringRef path) {
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> buffer =
      llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                  /*RequiresNullTerminator=*/false);
  if (!buffer)
    return llvm::createStringError(buffer.getError(),
                                   "cannot read '" + path +
                                       "': " + buffer.getError().message());
  return parseNpy((*buffer)->getBuffer(), path);
}

std::string mlir::qfold::serializeNpy(const HostTensor &tensor) {
  // NumPy writes a 1-tuple as "(3,)" and a scalar shape as "()".
  std::string dims;
  for (size_t i = 0; i < tensor.shape.size(); ++i)
    dims += (i ? ", " : "") + std::to_string(tensor.shape[i]);
  if (tensor.shape.size() == 1)
    dims += ",";
  std::string header = "{'descr': '" + descrOf(tensor.dtype).str() +
                       "', 'fortran_order': False, 'shape': (" + dims + "), }";
  // Pad with spaces so that the data starts 64-byte aligned; end with \n.
  size_t total = 10 + header.size() + 1;
  header.append((64 - total % 64) % 64, ' ');
  header += '\n';
  std::string result = "\x93NUMPY";
  result += char(1);
  result += char(0);
  result += char(header.size() & 0xff);
  result += char(header.size() >> 8);
  result += header;
  result.append(reinterpret_cast<const char *>(tensor.bytes.data()),
                tensor.bytes.size());
  return result;
}

llvm::Error mlir::qfold::writeNpy(StringRef path, const HostTensor &tensor) {
  std::error_code ec;
  llvm::raw_fd_ostream os(path, ec, llvm::sys::fs::OF_None);
  if (ec)
    return llvm::createStringError(ec, "cannot write '" + path +
                                           "': " + ec.message());
  os << serializeNpy(tensor);
  os.close();
  if (os.has_error())
    return llvm::createStringError(
        os.error(), "cannot write '" + path + "': " + os.error().message());
  return llvm::Error::success();
}
