// nvJitLink, opened at run time like the driver: it is only needed when candidates are compiled
// apart and linked (CompileOptions::link), so binaries start where the library is missing.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "common/expected.hpp"

namespace actsearch::kernels {

// "major.minor" of the nvJitLink library, or "" when it cannot be opened.
std::string nvjitlink_version();

// Links relocatable cubins (NVRTC with --relocatable-device-code=true) for `arch` (sm_XY) into
// one loadable cubin; an Error holds nvJitLink's log.
Expected<std::string> link_cubins(std::span<const std::string_view> cubins, std::string_view arch);

}  // namespace actsearch::kernels
