// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {AccessControlDefaultAdminRules} from "@openzeppelin/contracts/access/extensions/AccessControlDefaultAdminRules.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {EnumerableSet} from "@openzeppelin/contracts/utils/structs/EnumerableSet.sol";
import {IKycRegistry} from "./interfaces/IKycRegistry.sol";

/// @title KycRegistry
/// @notice Records a zero-knowledge "verified" flag per `(serviceId, wallet)` for dApps to read on-chain.
/// Each business is a service with its own attester accounts; an attester of one service cannot write the
/// flags of another. Writes are batched, pausable and role-gated; reads never pause.
///
/// Storage is shaped for gas (see docs/registry.md, "Gas"):
/// - a flag is ONE slot: the 24 most significant bytes of the refKey above a 64-bit expiry, so a first
///   issuance costs a single new slot;
/// - an attester's grants are bitmaps of 128 services per slot, and bit 255 of every such slot mirrors the
///   registry-wide pause, so a write authorises itself and checks the pause with one storage read.
///   `pause`/`unpause` pay for this by updating the mirror in every non-empty grant slot; their number is
///   capped at `MAX_GRANT_SLOTS` so that the emergency pause always fits in one transaction.
///
/// Batch entries pack a wallet and its expiry into one word (`expiresAt << 192 | wallet`, the 32 bits
/// between them zero), which halves the calldata of the wallet/expiry pair.
contract KycRegistry is IKycRegistry, AccessControlDefaultAdminRules, Pausable {
    using EnumerableSet for EnumerableSet.UintSet;

    /// @notice Role allowed to pause and unpause writes.
    bytes32 public constant PAUSER_ROLE = keccak256("PAUSER_ROLE");

    /// @notice The most (attester, 128-service page) grant slots the registry holds, e.g. one attester for
    /// 192,000 services or 1,500 services with an attester each. Keeps `pause` under ~11M gas, well inside
    /// the 2^24 per-transaction cap (EIP-7825).
    uint256 public constant MAX_GRANT_SLOTS = 1500;

    uint256 private constant _SERVICES_PER_GRANT_SLOT = 128;
    uint256 private constant _PAUSED_MIRROR = 1 << 255;
    uint256 private constant _EXPIRY_MASK = type(uint64).max;
    uint256 private constant _ENTRY_PADDING_MASK = uint256(type(uint32).max) << 160;

    /// @dev serviceId => wallet => (bytes24 refKey prefix << 64 | uint64 expiresAt); 0 = no flag.
    mapping(uint256 serviceId => mapping(address wallet => uint256 record)) private _flags;

    /// @dev attester => (serviceId / 128) => bitmap of granted services, bit 255 = pause mirror.
    mapping(address attester => mapping(uint256 grantSlot => uint256 bits)) private _grants;

    /// @dev The non-empty grant slots, as `uint160(attester) << 96 | grantSlot`, so pause/unpause reach them all.
    EnumerableSet.UintSet private _grantSlots;

    uint256 private _serviceCount;

    /// @notice A service was created; its id is used in every flag read and write.
    event ServiceCreated(uint256 indexed serviceId, address indexed createdBy);
    /// @notice `attester` was granted (`granted == true`) or denied the right to write `serviceId`'s flags.
    event AttesterChanged(uint256 indexed serviceId, address indexed attester, bool granted);
    /// @notice `wallet` was verified for `serviceId` until `expiresAt`, for `refKey` (a first issue, or a
    /// replacement of an earlier flag; renewals that keep the refKey emit {Renewed}).
    event Attested(uint256 indexed serviceId, address indexed wallet, bytes32 refKey, uint64 expiresAt);
    /// @notice `wallet`'s existing flag for `serviceId` now expires at `expiresAt`; its refKey is unchanged.
    event Renewed(uint256 indexed serviceId, address indexed wallet, uint64 expiresAt);
    /// @notice `wallet`'s flag for `serviceId` was removed.
    event Revoked(uint256 indexed serviceId, address indexed wallet);

    /// @notice `serviceId` was never created.
    error KycRegistryUnknownService(uint256 serviceId);
    /// @notice `account` may not write the flags of `serviceId`.
    error KycRegistryUnauthorizedAttester(uint256 serviceId, address account);
    /// @notice Writes are paused.
    error KycRegistryPaused();
    /// @notice A batch had no entries.
    error KycRegistryEmptyBatch();
    /// @notice Two parallel batch arrays differ in length.
    error KycRegistryLengthMismatch(uint256 walletsLength, uint256 refKeysLength);
    /// @notice A wallet or attester was the zero address.
    error KycRegistryZeroAddress();
    /// @notice `expiresAt` is not after the current block time.
    error KycRegistryExpiryInPast(address wallet, uint64 expiresAt);
    /// @notice A packed batch entry had non-zero padding bits (an encoding bug in the caller).
    error KycRegistryMalformedEntry(bytes32 entry);
    /// @notice A renewal named a wallet that has no flag for the service.
    error KycRegistryNotAttested(uint256 serviceId, address wallet);
    /// @notice Granting would exceed `MAX_GRANT_SLOTS` non-empty grant slots.
    error KycRegistryGrantCapacityReached(uint256 maxGrantSlots);

    /// @param initialAdminDelay Delay before a scheduled admin transfer can be accepted (seconds).
    /// @param initialAdmin Holder of `DEFAULT_ADMIN_ROLE` (creates services, grants attesters and pausers).
    constructor(
        uint48 initialAdminDelay,
        address initialAdmin
    ) AccessControlDefaultAdminRules(initialAdminDelay, initialAdmin) {}

    /// @inheritdoc AccessControlDefaultAdminRules
    function supportsInterface(bytes4 interfaceId) public view override returns (bool) {
        return interfaceId == type(IKycRegistry).interfaceId || super.supportsInterface(interfaceId);
    }

    /// @notice The semantic version of this contract.
    function version() external pure returns (string memory) {
        return "1.0.0";
    }

    // ------------------------------------------------------------------ services and attesters

    /// @notice Creates a service and grants `attesters` the right to write its flags.
    /// @return serviceId The new service's id (sequential, starting at 1).
    function createService(
        address[] calldata attesters
    ) external onlyRole(DEFAULT_ADMIN_ROLE) returns (uint256 serviceId) {
        serviceId = ++_serviceCount;
        emit ServiceCreated(serviceId, _msgSender());
        for (uint256 i; i < attesters.length; ++i) {
            _setAttester(serviceId, attesters[i], true);
        }
    }

    /// @notice Grants (`granted == true`) or removes `attester`'s right to write `serviceId`'s flags.
    function setAttester(
        uint256 serviceId,
        address attester,
        bool granted
    ) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _requireService(serviceId);
        _setAttester(serviceId, attester, granted);
    }

    /// @notice Number of services created so far (ids are `1..serviceCount()`).
    function serviceCount() external view returns (uint256) {
        return _serviceCount;
    }

    /// @notice True when `serviceId` was created.
    function serviceExists(uint256 serviceId) public view returns (bool) {
        return serviceId != 0 && serviceId <= _serviceCount;
    }

    /// @notice True when `account` may write `serviceId`'s flags (ignoring the pause).
    function isAttester(uint256 serviceId, address account) public view returns (bool) {
        return _grants[account][serviceId / _SERVICES_PER_GRANT_SLOT] & _serviceBit(serviceId) != 0;
    }

    // ------------------------------------------------------------------ pause

    /// @notice Stops every flag write (reads keep working).
    function pause() external onlyRole(PAUSER_ROLE) {
        _pause();
        _mirrorPause(true);
    }

    /// @notice Resumes flag writes.
    function unpause() external onlyRole(PAUSER_ROLE) {
        _unpause();
        _mirrorPause(false);
    }

    // ------------------------------------------------------------------ writes

    /// @notice Verifies `wallet` for `serviceId` until `expiresAt`, for `refKey`. Replaces any earlier flag.
    function attest(uint256 serviceId, address wallet, bytes32 refKey, uint64 expiresAt) external {
        _requireWriter(serviceId);
        _requireValidFlag(wallet, expiresAt, _time());
        _flags[serviceId][wallet] = _record(refKey, expiresAt);
        emit Attested(serviceId, wallet, refKey, expiresAt);
    }

    /// @notice Verifies many wallets in one transaction.
    /// @param walletsAndExpiries One word per wallet: `uint256(expiresAt) << 192 | uint160(wallet)`.
    /// @param refKeys The refKey of each wallet, in the same order.
    function attestBatch(
        uint256 serviceId,
        bytes32[] calldata walletsAndExpiries,
        bytes32[] calldata refKeys
    ) external {
        uint256 count = walletsAndExpiries.length;
        if (count == 0) revert KycRegistryEmptyBatch();
        if (count != refKeys.length) revert KycRegistryLengthMismatch(count, refKeys.length);
        _requireWriter(serviceId);
        uint64 currentTime = _time();
        mapping(address wallet => uint256 record) storage flags = _flags[serviceId];
        for (uint256 i; i < count;) {
            (address wallet, uint64 expiresAt) = _unpackEntry(_wordAt(walletsAndExpiries, i));
            _requireValidFlag(wallet, expiresAt, currentTime);
            bytes32 refKey = _wordAt(refKeys, i);
            flags[wallet] = _record(refKey, expiresAt);
            emit Attested(serviceId, wallet, refKey, expiresAt);
            unchecked {
                ++i;
            }
        }
    }

    /// @notice Moves the expiry of existing flags, keeping their refKeys.
    /// @param walletsAndExpiries One word per wallet, packed as in {attestBatch}.
    function renewBatch(uint256 serviceId, bytes32[] calldata walletsAndExpiries) external {
        uint256 count = walletsAndExpiries.length;
        if (count == 0) revert KycRegistryEmptyBatch();
        _requireWriter(serviceId);
        uint64 currentTime = _time();
        mapping(address wallet => uint256 record) storage flags = _flags[serviceId];
        for (uint256 i; i < count;) {
            (address wallet, uint64 expiresAt) = _unpackEntry(_wordAt(walletsAndExpiries, i));
            uint256 record = flags[wallet];
            // A zero wallet never has a flag, so this also refuses it.
            if (record == 0) revert KycRegistryNotAttested(serviceId, wallet);
            if (expiresAt <= currentTime) revert KycRegistryExpiryInPast(wallet, expiresAt);
            flags[wallet] = (record & ~_EXPIRY_MASK) | expiresAt;
            emit Renewed(serviceId, wallet, expiresAt);
            unchecked {
                ++i;
            }
        }
    }

    /// @notice Removes the flags of `wallets`. Wallets without a flag are skipped (revocation is idempotent).
    function revokeBatch(uint256 serviceId, address[] calldata wallets) external {
        uint256 count = wallets.length;
        if (count == 0) revert KycRegistryEmptyBatch();
        _requireWriter(serviceId);
        mapping(address wallet => uint256 record) storage flags = _flags[serviceId];
        for (uint256 i; i < count;) {
            address wallet = wallets[i];
            if (flags[wallet] != 0) {
                delete flags[wallet];
                emit Revoked(serviceId, wallet);
            }
            unchecked {
                ++i;
            }
        }
    }

    // ------------------------------------------------------------------ reads

    /// @inheritdoc IKycRegistry
    function isVerified(uint256 serviceId, address wallet) external view returns (bool) {
        return _flags[serviceId][wallet] & _EXPIRY_MASK > _time();
    }

    /// @inheritdoc IKycRegistry
    function verifiedUntil(uint256 serviceId, address wallet) external view returns (uint64) {
        return uint64(_flags[serviceId][wallet]);
    }

    /// @inheritdoc IKycRegistry
    function isIssuedFor(uint256 serviceId, address wallet, bytes32 refKey) external view returns (bool) {
        uint256 record = _flags[serviceId][wallet];
        return record & _EXPIRY_MASK > _time() && record >> 64 == uint256(refKey) >> 64;
    }

    /// @notice The expiries of many wallets' flags (0 = none or revoked), for reconciliation jobs.
    function verifiedUntilBatch(
        uint256 serviceId,
        address[] calldata wallets
    ) external view returns (uint64[] memory expiries) {
        expiries = new uint64[](wallets.length);
        mapping(address wallet => uint256 record) storage flags = _flags[serviceId];
        for (uint256 i; i < wallets.length; ++i) {
            expiries[i] = uint64(flags[wallets[i]]);
        }
    }

    /// @notice The stored flag: its expiry and the 24-byte refKey prefix it was issued for (zeros when none).
    function flagOf(
        uint256 serviceId,
        address wallet
    ) external view returns (uint64 expiresAt, bytes24 refKeyPrefix) {
        uint256 record = _flags[serviceId][wallet];
        return (uint64(record), bytes24(bytes32(record & ~_EXPIRY_MASK)));
    }

    // ------------------------------------------------------------------ internals

    /// @dev The clock of every expiry rule; tests override it (see contracts/test/KycRegistryTimeHarness.sol).
    function _time() internal view virtual returns (uint64) {
        return uint64(block.timestamp);
    }

    /// @dev One storage read authorises the caller for `serviceId` and checks the pause mirror.
    function _requireWriter(uint256 serviceId) private view {
        uint256 bits = _grants[_msgSender()][serviceId / _SERVICES_PER_GRANT_SLOT];
        if (bits & (_PAUSED_MIRROR | _serviceBit(serviceId)) != _serviceBit(serviceId)) {
            _revertUnauthorizedWriter(serviceId);
        }
    }

    /// @dev Off the hot path: work out the most precise reason a write was refused.
    function _revertUnauthorizedWriter(uint256 serviceId) private view {
        if (paused()) revert KycRegistryPaused();
        _requireService(serviceId);
        revert KycRegistryUnauthorizedAttester(serviceId, _msgSender());
    }

    function _requireService(uint256 serviceId) private view {
        if (!serviceExists(serviceId)) revert KycRegistryUnknownService(serviceId);
    }

    function _requireValidFlag(address wallet, uint64 expiresAt, uint64 currentTime) private pure {
        if (wallet == address(0)) revert KycRegistryZeroAddress();
        if (expiresAt <= currentTime) revert KycRegistryExpiryInPast(wallet, expiresAt);
    }

    function _setAttester(uint256 serviceId, address attester, bool granted) private {
        if (attester == address(0)) revert KycRegistryZeroAddress();
        uint256 slotIndex = serviceId / _SERVICES_PER_GRANT_SLOT;
        uint256 bits = _grants[attester][slotIndex];
        bits = granted ? bits | _serviceBit(serviceId) : bits & ~_serviceBit(serviceId);
        // A slot that holds grants carries the pause mirror and is listed; an empty one is zero and unlisted.
        uint256 slotKey = (uint256(uint160(attester)) << 96) | slotIndex;
        if (bits & ~_PAUSED_MIRROR == 0) {
            bits = 0;
            _grantSlots.remove(slotKey);
        } else {
            bits = paused() ? bits | _PAUSED_MIRROR : bits & ~_PAUSED_MIRROR;
            if (_grantSlots.add(slotKey) && _grantSlots.length() > MAX_GRANT_SLOTS) {
                revert KycRegistryGrantCapacityReached(MAX_GRANT_SLOTS);
            }
        }
        _grants[attester][slotIndex] = bits;
        emit AttesterChanged(serviceId, attester, granted);
    }

    /// @dev Copies the pause into every non-empty grant slot (at most `MAX_GRANT_SLOTS`, ~7k gas each).
    function _mirrorPause(bool isPaused) private {
        uint256 count = _grantSlots.length();
        for (uint256 i; i < count; ++i) {
            uint256 slotKey = _grantSlots.at(i);
            mapping(uint256 grantSlot => uint256 bits) storage grants = _grants[
                address(uint160(slotKey >> 96))
            ];
            uint256 slotIndex = uint96(slotKey);
            uint256 bits = grants[slotIndex];
            grants[slotIndex] = isPaused ? bits | _PAUSED_MIRROR : bits & ~_PAUSED_MIRROR;
        }
    }

    /// @notice Number of non-empty grant slots (see `MAX_GRANT_SLOTS`).
    function grantSlotCount() external view returns (uint256) {
        return _grantSlots.length();
    }

    function _serviceBit(uint256 serviceId) private pure returns (uint256) {
        return 1 << (serviceId % _SERVICES_PER_GRANT_SLOT);
    }

    /// @dev `words[i]` without the bounds check: every caller loops `i` below `words.length`.
    function _wordAt(bytes32[] calldata words, uint256 i) private pure returns (bytes32 word) {
        assembly ("memory-safe") {
            word := calldataload(add(words.offset, shl(5, i)))
        }
    }

    function _unpackEntry(bytes32 entry) private pure returns (address wallet, uint64 expiresAt) {
        if (uint256(entry) & _ENTRY_PADDING_MASK != 0) revert KycRegistryMalformedEntry(entry);
        wallet = address(uint160(uint256(entry)));
        expiresAt = uint64(uint256(entry) >> 192);
    }

    function _record(bytes32 refKey, uint64 expiresAt) private pure returns (uint256) {
        return (uint256(refKey) & ~_EXPIRY_MASK) | expiresAt;
    }
}
