// The group tree (core/group_tree.hpp): display order, depths, subtree device counts and
// the cycle test that guards moves.

#include "core/group_tree.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace keyward::core {
namespace {

Group group(Id id, std::optional<Id> parent, const std::string& name) {
  return Group{.id = id, .license_id = 1, .parent_id = parent, .name = name};
}

//  1 Main
//  ├─ 3 berlin          (2 devices)
//  │  └─ 5 Lab          (4 devices)
//  │     └─ 6 deep      (1 device)
//  └─ 2 Accounting      (3 devices)
//     └─ 4 Archive
const std::vector<Group> kTree = {
    group(1, std::nullopt, "Main"), group(2, 1, "Accounting"), group(3, 1, "berlin"),
    group(4, 2, "Archive"),         group(5, 3, "Lab"),        group(6, 5, "deep")};

std::vector<Id> ids(const std::vector<TreeRow>& rows) {
  std::vector<Id> result;
  for (const auto& row : rows) result.push_back(row.group->id);
  return result;
}

TEST(GroupTree, ParentsComeBeforeTheirChildrenAndSiblingsGoByNameInAnyCase) {
  const auto rows = order_tree(kTree, {});
  EXPECT_EQ(ids(rows), (std::vector<Id>{1, 2, 4, 3, 5, 6}));
  std::vector<int> depths;
  for (const auto& row : rows) depths.push_back(row.depth);
  EXPECT_EQ(depths, (std::vector<int>{0, 1, 2, 1, 2, 3}));
}

TEST(GroupTree, SiblingsWithTheSameNameKeepTheirIdOrder) {
  const std::vector<Group> groups = {group(1, std::nullopt, "Main"), group(9, 1, "Team"),
                                     group(4, 1, "team")};
  EXPECT_EQ(ids(order_tree(groups, {})), (std::vector<Id>{1, 4, 9}));
}

TEST(GroupTree, TotalsCountTheWholeSubtree) {
  const auto rows = order_tree(kTree, {{3, 2}, {5, 4}, {6, 1}, {2, 3}});
  std::map<Id, std::pair<std::int64_t, std::int64_t>> counts;
  for (const auto& row : rows) counts[row.group->id] = {row.direct_devices, row.total_devices};
  EXPECT_EQ(counts[1], (std::pair<std::int64_t, std::int64_t>{0, 10}));
  EXPECT_EQ(counts[2], (std::pair<std::int64_t, std::int64_t>{3, 3}));
  EXPECT_EQ(counts[3], (std::pair<std::int64_t, std::int64_t>{2, 7}));
  EXPECT_EQ(counts[4], (std::pair<std::int64_t, std::int64_t>{0, 0}));
  EXPECT_EQ(counts[5], (std::pair<std::int64_t, std::int64_t>{4, 5}));
  EXPECT_EQ(counts[6], (std::pair<std::int64_t, std::int64_t>{1, 1}));
}

TEST(GroupTree, ADeepTreeNeedsNoRecursion) {
  std::vector<Group> chain = {group(1, std::nullopt, "Main")};
  for (Id id = 2; id <= 20000; ++id) chain.push_back(group(id, id - 1, "g"));
  const auto rows = order_tree(chain, {{20000, 1}});
  ASSERT_EQ(rows.size(), 20000u);
  EXPECT_EQ(rows.back().depth, 19999);
  EXPECT_EQ(rows.front().total_devices, 1);
}

TEST(GroupTree, GroupsCutOffFromTheMainGroupAreLeftOut) {
  std::vector<Group> groups = kTree;
  groups.push_back(group(7, 8, "orphan"));
  groups.push_back(group(8, 7, "cycle"));
  EXPECT_EQ(order_tree(groups, {}).size(), kTree.size());
}

TEST(GroupTree, AGroupIsInItsOwnSubtreeAndSoAreAllItsDescendants) {
  EXPECT_TRUE(is_in_subtree(kTree, 3, 3));
  EXPECT_TRUE(is_in_subtree(kTree, 3, 5));
  EXPECT_TRUE(is_in_subtree(kTree, 3, 6));
  EXPECT_TRUE(is_in_subtree(kTree, 1, 4));
  EXPECT_FALSE(is_in_subtree(kTree, 3, 2));
  EXPECT_FALSE(is_in_subtree(kTree, 3, 1));
  EXPECT_FALSE(is_in_subtree(kTree, 5, 3));
  EXPECT_FALSE(is_in_subtree(kTree, 3, 99));
}

TEST(GroupTree, TheSubtreeTestEndsOnCorruptCycles) {
  const std::vector<Group> groups = {group(7, 8, "a"), group(8, 7, "b")};
  EXPECT_FALSE(is_in_subtree(groups, 1, 7));
}

}  // namespace
}  // namespace keyward::core
