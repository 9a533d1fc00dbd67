// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

// Test assertions revert with readable strings (gas does not matter here), and expected reverts are
// observed through low-level calls.
// solhint-disable gas-custom-errors, reason-string, gas-small-strings, avoid-low-level-calls

import {KycRegistry} from "../KycRegistry.sol";
import {KycRegistryTimeHarness} from "./KycRegistryTimeHarness.sol";

/// @notice Fuzz tests of the flag packing: one slot holds a 24-byte refKey prefix above a 64-bit expiry, and
/// a batch word holds an expiry above a wallet. Plain contract (no forge-std): a revert fails the test, and
/// expected reverts are checked by comparing the exact revert data of a low-level call.
contract KycRegistryPackingTest {
    uint64 private constant _NOW = 1_900_000_000;
    uint256 private constant _SERVICE = 1;
    /// @dev Created without attesters: this contract may not write it.
    uint256 private constant _OTHER_SERVICE = 2;

    KycRegistryTimeHarness private _registry;

    function setUp() public {
        _registry = new KycRegistryTimeHarness(0, address(this));
        _registry.setTime(_NOW);
        address[] memory attesters = new address[](1);
        attesters[0] = address(this);
        _registry.createService(attesters);
        _registry.createService(new address[](0));
    }

    // ------------------------------------------------------------------ attest and read back

    function testFuzzAttestReadsBack(
        address rawWallet,
        bytes32 refKey,
        uint64 rawExpiry,
        uint8 bitIndex
    ) public {
        address wallet = _nonZero(rawWallet);
        uint64 expiresAt = _futureExpiry(rawExpiry);
        _registry.attest(_SERVICE, wallet, refKey, expiresAt);
        _requireStored(wallet, refKey, expiresAt);

        // Only the 24-byte prefix is compared: a different tail still matches, any flipped prefix bit does not.
        bytes32 otherTail = refKey ^ bytes32(uint256(keccak256(abi.encode(refKey))) & type(uint64).max);
        require(
            _registry.isIssuedFor(_SERVICE, wallet, otherTail),
            "a refKey with the same prefix must match"
        );
        bytes32 otherPrefix = refKey ^ bytes32(uint256(1) << (64 + (uint256(bitIndex) % 192)));
        require(!_registry.isIssuedFor(_SERVICE, wallet, otherPrefix), "a different prefix must not match");

        require(!_registry.isVerified(_OTHER_SERVICE, wallet), "another service must not see the flag");
        require(_registry.verifiedUntil(_OTHER_SERVICE, wallet) == 0, "another service must read no expiry");
    }

    function testFuzzAttestBatchReadsBack(address rawWallet, bytes32 refKey, uint64 rawExpiry) public {
        address wallet = _nonZero(rawWallet);
        uint64 expiresAt = _futureExpiry(rawExpiry);
        _registry.attestBatch(_SERVICE, _words(_pack(wallet, expiresAt)), _words(refKey));
        _requireStored(wallet, refKey, expiresAt);
    }

    function testFuzzReattestReplacesTheFlag(
        address rawWallet,
        bytes32 firstRefKey,
        bytes32 secondRefKey,
        uint64 rawFirstExpiry,
        uint64 rawSecondExpiry
    ) public {
        address wallet = _nonZero(rawWallet);
        _registry.attest(_SERVICE, wallet, firstRefKey, _futureExpiry(rawFirstExpiry));
        uint64 secondExpiry = _futureExpiry(rawSecondExpiry);
        _registry.attest(_SERVICE, wallet, secondRefKey, secondExpiry);
        _requireStored(wallet, secondRefKey, secondExpiry);
    }

    // ------------------------------------------------------------------ packed batch entries

    /// @dev Any wallet and any expiry, packed with zero padding: stored exactly, or refused for the precise reason.
    function testFuzzPackedEntryUnpacksToItsWalletAndExpiry(
        address wallet,
        uint64 expiresAt,
        bytes32 refKey
    ) public {
        bytes memory callData = abi.encodeCall(
            KycRegistry.attestBatch,
            (_SERVICE, _words(_pack(wallet, expiresAt)), _words(refKey))
        );
        if (wallet == address(0)) {
            _requireRevert(callData, abi.encodeWithSelector(KycRegistry.KycRegistryZeroAddress.selector));
        } else if (expiresAt <= _NOW) {
            _requireRevert(
                callData,
                abi.encodeWithSelector(KycRegistry.KycRegistryExpiryInPast.selector, wallet, expiresAt)
            );
        } else {
            (bool ok, ) = address(_registry).call(callData);
            require(ok, "a well-formed entry must be accepted");
            _requireStored(wallet, refKey, expiresAt);
        }
    }

    function testFuzzMalformedEntryIsRefused(address rawWallet, uint64 rawExpiry, uint32 padding) public {
        address wallet = _nonZero(rawWallet);
        uint64 expiresAt = _futureExpiry(rawExpiry);
        _registry.attest(_SERVICE, wallet, bytes32(0), expiresAt);
        uint32 nonZeroPadding = padding == 0 ? 1 : padding;
        bytes32 entry = _pack(wallet, expiresAt) | bytes32(uint256(nonZeroPadding) << 160);
        bytes memory expected = abi.encodeWithSelector(KycRegistry.KycRegistryMalformedEntry.selector, entry);

        _requireRevert(
            abi.encodeCall(KycRegistry.attestBatch, (_SERVICE, _words(entry), _words(bytes32(0)))),
            expected
        );
        _requireRevert(abi.encodeCall(KycRegistry.renewBatch, (_SERVICE, _words(entry))), expected);
    }

    // ------------------------------------------------------------------ expiry, renewal, revocation

    function testFuzzVerifiedExactlyBeforeTheExpiry(
        address rawWallet,
        bytes32 refKey,
        uint64 rawExpiry,
        uint64 rawReadTime
    ) public {
        address wallet = _nonZero(rawWallet);
        uint64 expiresAt = _futureExpiry(rawExpiry);
        _registry.attest(_SERVICE, wallet, refKey, expiresAt);
        // The harness treats time 0 as "use block time", so read at 1 instead.
        uint64 readTime = rawReadTime == 0 ? 1 : rawReadTime;
        _registry.setTime(readTime);
        bool expected = readTime < expiresAt;
        require(_registry.isVerified(_SERVICE, wallet) == expected, "verified iff read before the expiry");
        require(_registry.isIssuedFor(_SERVICE, wallet, refKey) == expected, "issued-for iff verified");
        require(_registry.verifiedUntil(_SERVICE, wallet) == expiresAt, "the stored expiry must not change");
    }

    function testFuzzExpiryBoundary(address rawWallet, bytes32 refKey, uint64 rawExpiry) public {
        address wallet = _nonZero(rawWallet);
        uint64 expiresAt = _futureExpiry(rawExpiry);
        _registry.attest(_SERVICE, wallet, refKey, expiresAt);
        _registry.setTime(expiresAt - 1);
        require(_registry.isVerified(_SERVICE, wallet), "verified one second before the expiry");
        _registry.setTime(expiresAt);
        require(!_registry.isVerified(_SERVICE, wallet), "not verified at the expiry");
        require(!_registry.isIssuedFor(_SERVICE, wallet, refKey), "not issued-for at the expiry");
        if (expiresAt < type(uint64).max) {
            _registry.setTime(expiresAt + 1);
            require(!_registry.isVerified(_SERVICE, wallet), "not verified after the expiry");
        }
        require(_registry.verifiedUntil(_SERVICE, wallet) == expiresAt, "the stored expiry must not change");
    }

    function testFuzzRenewalKeepsThePrefix(
        address rawWallet,
        bytes32 refKey,
        uint64 rawExpiry,
        uint64 rawRenewal
    ) public {
        address wallet = _nonZero(rawWallet);
        _registry.attest(_SERVICE, wallet, refKey, _futureExpiry(rawExpiry));
        uint64 renewedUntil = _futureExpiry(rawRenewal);
        _registry.renewBatch(_SERVICE, _words(_pack(wallet, renewedUntil)));
        _requireStored(wallet, refKey, renewedUntil);
    }

    function testFuzzRenewalOfAWalletWithoutFlagIsRefused(address wallet, uint64 rawExpiry) public {
        _requireRevert(
            abi.encodeCall(
                KycRegistry.renewBatch,
                (_SERVICE, _words(_pack(wallet, _futureExpiry(rawExpiry))))
            ),
            abi.encodeWithSelector(KycRegistry.KycRegistryNotAttested.selector, _SERVICE, wallet)
        );
    }

    function testFuzzRevokedReadsFalse(
        address rawWallet,
        bytes32 refKey,
        uint64 rawExpiry,
        uint64 readTime
    ) public {
        address wallet = _nonZero(rawWallet);
        _registry.attest(_SERVICE, wallet, refKey, _futureExpiry(rawExpiry));
        address[] memory wallets = new address[](1);
        wallets[0] = wallet;
        _registry.revokeBatch(_SERVICE, wallets);
        // Revocation is idempotent.
        _registry.revokeBatch(_SERVICE, wallets);
        _registry.setTime(readTime);

        require(!_registry.isVerified(_SERVICE, wallet), "a revoked wallet must not be verified");
        require(_registry.verifiedUntil(_SERVICE, wallet) == 0, "a revoked wallet must read expiry 0");
        require(!_registry.isIssuedFor(_SERVICE, wallet, refKey), "a revoked wallet must not be issued for");
        (uint64 storedExpiry, bytes24 storedPrefix) = _registry.flagOf(_SERVICE, wallet);
        require(storedExpiry == 0 && storedPrefix == bytes24(0), "a revoked flag must read as zeros");
    }

    // ------------------------------------------------------------------ refusals

    function testFuzzAttesterCannotWriteAnotherService(
        address rawWallet,
        bytes32 refKey,
        uint64 rawExpiry
    ) public {
        address wallet = _nonZero(rawWallet);
        uint64 expiresAt = _futureExpiry(rawExpiry);
        bytes memory expected = abi.encodeWithSelector(
            KycRegistry.KycRegistryUnauthorizedAttester.selector,
            _OTHER_SERVICE,
            address(this)
        );
        _requireRevert(
            abi.encodeCall(KycRegistry.attest, (_OTHER_SERVICE, wallet, refKey, expiresAt)),
            expected
        );
        _requireRevert(
            abi.encodeCall(
                KycRegistry.attestBatch,
                (_OTHER_SERVICE, _words(_pack(wallet, expiresAt)), _words(refKey))
            ),
            expected
        );
        require(!_registry.isVerified(_OTHER_SERVICE, wallet), "a refused write must not store a flag");
    }

    function testFuzzUnknownServiceIsRefused(uint256 serviceId, address rawWallet, uint64 rawExpiry) public {
        uint256 unknownService = serviceId == _SERVICE || serviceId == _OTHER_SERVICE ? 0 : serviceId;
        address wallet = _nonZero(rawWallet);
        _requireRevert(
            abi.encodeCall(
                KycRegistry.attest,
                (unknownService, wallet, bytes32(0), _futureExpiry(rawExpiry))
            ),
            abi.encodeWithSelector(KycRegistry.KycRegistryUnknownService.selector, unknownService)
        );
    }

    function testFuzzBatchLengthMismatchIsRefused(uint8 rawEntryCount, uint8 rawRefKeyCount) public {
        uint256 entryCount = uint256(rawEntryCount) + 1;
        uint256 refKeyCount = uint256(rawRefKeyCount) + 1;
        if (refKeyCount == entryCount) ++refKeyCount;
        _requireRevert(
            abi.encodeCall(
                KycRegistry.attestBatch,
                (_SERVICE, new bytes32[](entryCount), new bytes32[](refKeyCount))
            ),
            abi.encodeWithSelector(KycRegistry.KycRegistryLengthMismatch.selector, entryCount, refKeyCount)
        );
    }

    // ------------------------------------------------------------------ helpers

    function _requireStored(address wallet, bytes32 refKey, uint64 expiresAt) private view {
        require(_registry.isVerified(_SERVICE, wallet), "a future expiry must read as verified");
        require(
            _registry.verifiedUntil(_SERVICE, wallet) == expiresAt,
            "verifiedUntil must be the expiry written"
        );
        (uint64 storedExpiry, bytes24 storedPrefix) = _registry.flagOf(_SERVICE, wallet);
        require(storedExpiry == expiresAt, "flagOf must return the expiry written");
        require(storedPrefix == bytes24(refKey), "flagOf must return the refKey's 24-byte prefix");
        require(_registry.isIssuedFor(_SERVICE, wallet, refKey), "the refKey written must match");
    }

    /// @dev Calls the registry and requires it to revert with exactly `expectedError`.
    function _requireRevert(bytes memory callData, bytes memory expectedError) private {
        (bool ok, bytes memory returned) = address(_registry).call(callData);
        require(!ok, "the call must revert");
        require(
            keccak256(returned) == keccak256(expectedError),
            "the call must revert with the expected error"
        );
    }

    function _pack(address wallet, uint64 expiresAt) private pure returns (bytes32) {
        return bytes32((uint256(expiresAt) << 192) | uint256(uint160(wallet)));
    }

    function _words(bytes32 word) private pure returns (bytes32[] memory words) {
        words = new bytes32[](1);
        words[0] = word;
    }

    function _nonZero(address wallet) private pure returns (address) {
        return wallet == address(0) ? address(1) : wallet;
    }

    /// @dev Maps any uint64 onto (_NOW, type(uint64).max], both ends included.
    function _futureExpiry(uint64 raw) private pure returns (uint64) {
        return uint64(uint256(_NOW) + 1 + (uint256(raw) % (uint256(type(uint64).max) - _NOW)));
    }
}
