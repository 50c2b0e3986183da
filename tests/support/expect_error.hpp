#pragma once
// The message of the core::Error invalid_request that `action` throws, or a test failure:
// for asserting which field a validation rule names and what it says.

#include <gtest/gtest.h>

#include <functional>
#include <string>

#include "core/error.hpp"

namespace keyward::test {

inline std::string invalid_request_message(const std::function<void()>& action) {
  try {
    action();
  } catch (const core::Error& error) {
    EXPECT_EQ(error.kind(), core::ErrorKind::invalid_request) << error.what();
    EXPECT_EQ(error.code(), "invalid_request") << error.what();
    return error.what();
  }
  ADD_FAILURE() << "no error thrown";
  return {};
}

}  // namespace keyward::test
