// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IKycRegistry
/// @notice The dApp-facing reads of the kyc-attest registry: a zero-knowledge "verified" flag per
/// `(serviceId, wallet)`. No personal data is stored or returned: a flag is an expiry timestamp and a
/// truncated `refKey = keccak256(abi.encode(serviceSalt, refId))` computed off-chain.
interface IKycRegistry {
    /// @notice True when `wallet` holds an unexpired, unrevoked flag for `serviceId`.
    function isVerified(uint256 serviceId, address wallet) external view returns (bool);

    /// @notice The expiry of `wallet`'s flag for `serviceId` (seconds since the epoch), or 0 when it has no
    /// flag or the flag was revoked. An expiry in the past means the flag expired.
    function verifiedUntil(uint256 serviceId, address wallet) external view returns (uint64);

    /// @notice True when `wallet` is verified for `serviceId` and its flag was issued for `refKey`.
    /// @dev Compares the 24 most significant bytes of `refKey`, which is what the registry stores.
    function isIssuedFor(uint256 serviceId, address wallet, bytes32 refKey) external view returns (bool);
}
