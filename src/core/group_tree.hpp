#pragma once
// The group tree of one license (SPEC.md §2 Group): a main group and subgroups of any depth.
// Pure functions over the groups as stored: the order in which a tree is shown, depths and
// device counts of whole subtrees, and the test that keeps a move from creating a cycle.

#include <cstdint>
#include <map>
#include <vector>

#include "core/entities.hpp"

namespace keyward::core {

struct TreeRow {
  const Group* group = nullptr;
  int depth = 0;                    // 0 for the main group
  std::int64_t direct_devices = 0;  // devices in the group itself
  std::int64_t total_devices = 0;   // in the group and every group below it
};

// The groups of one license in pre-order from the main group (a parent before its children,
// siblings by name ignoring ASCII case, then by id), with depth and device counts.
// `devices_per_group` maps group ids to their direct device counts (absent: 0). Groups
// that are not connected to the main group are left out. The rows point into `groups`.
std::vector<TreeRow> order_tree(const std::vector<Group>& groups,
                                const std::map<Id, std::int64_t>& devices_per_group);

// True when `candidate` is `root` or lies anywhere below it: moving `root` below such a
// group would make the tree a cycle.
bool is_in_subtree(const std::vector<Group>& groups, Id root, Id candidate);

}  // namespace keyward::core
